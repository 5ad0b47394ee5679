package io.github.genieenhancer.testkit.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Generates the sample retail dataset into catalog {@code retail}, schema {@code sales}: customers, stores, products,
 * orders, order_items, returns and a date dimension, about 69,000 rows. Everything comes from one {@link Random}
 * with a fixed seed, so the same seed gives byte-identical tables and therefore stable benchmark answers.
 *
 * <p>Column names are deliberately a little irregular, as in real warehouses ({@code orders.cust_id} refers to
 * {@code customers.customer_id}, {@code order_items.item_sku} to {@code products.sku}, {@code returns.line_ref} to
 * {@code order_items.line_id}), so a Genie without join specs cannot guess every join from the names.
 */
public final class SampleDataset {
    /** The catalog every sample table lives in. */
    public static final String CATALOG = "retail";
    /** The schema every sample table lives in. */
    public static final String SCHEMA = "sales";
    /** The first day with orders. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
    /** The last day with orders. */
    public static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 31);

    private static final String[][] CITIES = {
            // city, state, region
            {"Seattle", "WA", "West"}, {"Portland", "OR", "West"}, {"San Francisco", "CA", "West"},
            {"Los Angeles", "CA", "West"}, {"San Diego", "CA", "West"}, {"Denver", "CO", "West"},
            {"Phoenix", "AZ", "West"}, {"Las Vegas", "NV", "West"}, {"Salt Lake City", "UT", "West"},
            {"Chicago", "IL", "North"}, {"Minneapolis", "MN", "North"}, {"Detroit", "MI", "North"},
            {"Milwaukee", "WI", "North"}, {"Columbus", "OH", "North"}, {"Indianapolis", "IN", "North"},
            {"Omaha", "NE", "North"}, {"Des Moines", "IA", "North"}, {"New York", "NY", "East"},
            {"Boston", "MA", "East"}, {"Philadelphia", "PA", "East"}, {"Baltimore", "MD", "East"},
            {"Pittsburgh", "PA", "East"}, {"Newark", "NJ", "East"}, {"Hartford", "CT", "East"},
            {"Providence", "RI", "East"}, {"Atlanta", "GA", "South"}, {"Miami", "FL", "South"},
            {"Dallas", "TX", "South"}, {"Houston", "TX", "South"}, {"Austin", "TX", "South"},
            {"Nashville", "TN", "South"}, {"Charlotte", "NC", "South"}, {"New Orleans", "LA", "South"},
            {"Orlando", "FL", "South"}, {"Tampa", "FL", "South"}, {"Raleigh", "NC", "South"},
            {"Kansas City", "MO", "North"}, {"St. Louis", "MO", "North"}, {"Albuquerque", "NM", "West"},
            {"Richmond", "VA", "East"}};
    private static final String[] STORE_TYPES = {"Flagship", "Mall", "Outlet", "Neighborhood"};
    private static final String[] FIRST_NAMES = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer",
            "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
            "Thomas", "Sarah", "Carlos", "Maria", "Wei", "Mei", "Arjun", "Priya", "Kenji", "Yuki", "Omar", "Fatima",
            "Lucas", "Sofia", "Noah", "Emma", "Liam", "Olivia", "Mateo", "Isabella"};
    private static final String[] LAST_NAMES = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
            "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris",
            "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Chen", "Wang", "Patel", "Kim", "Nguyen", "Singh"};
    private static final String[] CATEGORIES = {"Electronics", "Home", "Apparel", "Sports", "Beauty", "Toys",
            "Grocery"};
    private static final String[][] SUBCATEGORIES = {
            {"Audio", "Computers", "Phones", "Cameras"}, {"Kitchen", "Furniture", "Bedding", "Decor"},
            {"Men", "Women", "Kids", "Shoes"}, {"Fitness", "Outdoor", "Cycling", "Team Sports"},
            {"Skincare", "Makeup", "Hair", "Fragrance"}, {"Games", "Puzzles", "Dolls", "Building Sets"},
            {"Snacks", "Beverages", "Pantry", "Organic"}};
    private static final int[][] PRICE_RANGES = {{40, 1500}, {10, 600}, {8, 180}, {10, 900}, {5, 120},
            {6, 150}, {2, 40}};
    private static final String[] BRANDS = {"Acme", "Northwind", "Contoso", "Fabrikam", "Globex", "Initech",
            "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay",
            "Pied Piper", "Gringotts", "Oscorp", "Monarch", "Aperture"};
    private static final String[] ADJECTIVES = {"Classic", "Pro", "Ultra", "Eco", "Smart", "Compact", "Deluxe",
            "Essential", "Premium", "Lite", "Max", "Prime"};
    private static final String[] SEGMENTS = {"Consumer", "Small Business", "Corporate"};
    private static final int[] SEGMENT_WEIGHTS = {60, 25, 15};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final int[] TIER_WEIGHTS = {50, 30, 15, 5};
    private static final String[] CHANNELS = {"IN_STORE", "ONLINE", "MOBILE"};
    private static final int[] CHANNEL_WEIGHTS = {55, 35, 10};
    private static final String[] PAYMENTS = {"Credit Card", "Debit Card", "PayPal", "Gift Card", "Cash"};
    private static final int[] PAYMENT_WEIGHTS = {45, 25, 15, 5, 10};
    private static final String[] RETURN_REASONS = {"Damaged", "Defective", "Wrong item", "No longer needed",
            "Better price elsewhere"};
    private static final int[] RETURN_REASON_WEIGHTS = {25, 20, 15, 30, 10};
    private static final int[] DISCOUNTS = {0, 0, 0, 5, 10, 15, 20};

    private static final int CUSTOMERS = 6_000;
    private static final int PRODUCTS = 400;
    private static final int ORDERS = 20_000;

    private final Random random;

    private SampleDataset(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Creates and fills the sample tables.
     *
     * @param connection a DuckDB connection
     * @param seed       the seed of the generator
     * @throws SQLException when the engine refuses a table or a row
     */
    public static void load(Connection connection, long seed) throws SQLException {
        new SampleDataset(seed).loadInto(connection.unwrap(DuckDBConnection.class));
    }

    private void loadInto(DuckDBConnection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("ATTACH ':memory:' AS " + CATALOG);
            s.execute("CREATE SCHEMA " + CATALOG + "." + SCHEMA);
            s.execute(ddl("dates", "calendar_date DATE, year INTEGER, quarter INTEGER, month INTEGER, "
                    + "month_name VARCHAR, day_name VARCHAR, is_weekend BOOLEAN, is_holiday BOOLEAN"));
            s.execute(ddl("stores", "store_id INTEGER, store_name VARCHAR, city VARCHAR, state VARCHAR, "
                    + "region VARCHAR, store_type VARCHAR, opened_date DATE, square_feet INTEGER"));
            s.execute(ddl("customers", "customer_id INTEGER, first_name VARCHAR, last_name VARCHAR, email VARCHAR, "
                    + "city VARCHAR, state VARCHAR, region VARCHAR, segment VARCHAR, loyalty_tier VARCHAR, "
                    + "signup_date DATE, is_active BOOLEAN"));
            s.execute(ddl("products", "sku VARCHAR, product_name VARCHAR, category VARCHAR, subcategory VARCHAR, "
                    + "brand VARCHAR, list_price DECIMAL(10,2), unit_cost DECIMAL(10,2), launched_date DATE, "
                    + "is_discontinued BOOLEAN"));
            s.execute(ddl("orders", "order_id BIGINT, cust_id INTEGER, store_id INTEGER, created_at TIMESTAMP, "
                    + "order_date DATE, ship_date DATE, channel VARCHAR, status VARCHAR, payment_method VARCHAR"));
            s.execute(ddl("order_items", "line_id BIGINT, order_id BIGINT, item_sku VARCHAR, quantity INTEGER, "
                    + "unit_price DECIMAL(10,2), discount_pct DECIMAL(4,2)"));
            s.execute(ddl("returns", "return_id INTEGER, line_ref BIGINT, return_date DATE, reason VARCHAR, "
                    + "refund_amount DECIMAL(10,2)"));
        }
        loadDates(conn);
        loadStores(conn);
        loadCustomers(conn);
        List<Product> products = loadProducts(conn);
        loadOrders(conn, products);
    }

    private static String ddl(String table, String columns) {
        return "CREATE TABLE " + CATALOG + "." + SCHEMA + "." + table + " (" + columns + ")";
    }

    private static DuckDBAppender appender(DuckDBConnection conn, String table) throws SQLException {
        return conn.createAppender(CATALOG, SCHEMA, table);
    }

    private void loadDates(DuckDBConnection conn) throws SQLException {
        try (DuckDBAppender a = appender(conn, "dates")) {
            for (LocalDate d = FIRST_DAY; !d.isAfter(LAST_DAY); d = d.plusDays(1)) {
                boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
                boolean holiday = (d.getMonthValue() == 1 && d.getDayOfMonth() == 1)
                        || (d.getMonthValue() == 7 && d.getDayOfMonth() == 4)
                        || (d.getMonthValue() == 12 && d.getDayOfMonth() == 25);
                a.beginRow().append(d).append(d.getYear()).append((d.getMonthValue() - 1) / 3 + 1)
                        .append(d.getMonthValue())
                        .append(d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
                        .append(d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
                        .append(weekend).append(holiday).endRow();
            }
        }
    }

    private void loadStores(DuckDBConnection conn) throws SQLException {
        try (DuckDBAppender a = appender(conn, "stores")) {
            for (int i = 0; i < CITIES.length; i++) {
                String[] city = CITIES[i];
                String type = STORE_TYPES[random.nextInt(STORE_TYPES.length)];
                a.beginRow().append(i + 1).append(city[0] + " " + type).append(city[0]).append(city[1])
                        .append(city[2]).append(type)
                        .append(LocalDate.of(2005, 1, 1).plusDays(random.nextInt(6_000)))
                        .append(8_000 + random.nextInt(60) * 1_000).endRow();
            }
        }
    }

    private void loadCustomers(DuckDBConnection conn) throws SQLException {
        try (DuckDBAppender a = appender(conn, "customers")) {
            for (int id = 1; id <= CUSTOMERS; id++) {
                String first = pick(FIRST_NAMES);
                String last = pick(LAST_NAMES);
                String[] city = CITIES[random.nextInt(CITIES.length)];
                a.beginRow().append(id).append(first).append(last)
                        .append((first + "." + last + id + "@example.com").toLowerCase(Locale.ROOT))
                        .append(city[0]).append(city[1]).append(city[2])
                        .append(weighted(SEGMENTS, SEGMENT_WEIGHTS)).append(weighted(TIERS, TIER_WEIGHTS))
                        .append(LocalDate.of(2019, 1, 1).plusDays(random.nextInt(2_192)))
                        .append(random.nextInt(100) < 90).endRow();
            }
        }
    }

    private record Product(String sku, BigDecimal price) {
    }

    private List<Product> loadProducts(DuckDBConnection conn) throws SQLException {
        List<Product> products = new ArrayList<>();
        try (DuckDBAppender a = appender(conn, "products")) {
            for (int i = 1; i <= PRODUCTS; i++) {
                int c = random.nextInt(CATEGORIES.length);
                String sub = SUBCATEGORIES[c][random.nextInt(SUBCATEGORIES[c].length)];
                String brand = pick(BRANDS);
                int[] range = PRICE_RANGES[c];
                BigDecimal price = BigDecimal.valueOf(range[0] * 100L + random.nextInt((range[1] - range[0]) * 100))
                        .movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY);
                BigDecimal cost = price.multiply(BigDecimal.valueOf(45 + random.nextInt(31), 2))
                        .setScale(2, RoundingMode.HALF_UP);
                String sku = String.format(Locale.ROOT, "SKU-%05d", i);
                a.beginRow().append(sku).append(brand + " " + pick(ADJECTIVES) + " " + sub + " " + i)
                        .append(CATEGORIES[c]).append(sub).append(brand).append(price).append(cost)
                        .append(LocalDate.of(2018, 1, 1).plusDays(random.nextInt(2_400)))
                        .append(random.nextInt(100) < 10).endRow();
                products.add(new Product(sku, price));
            }
        }
        return products;
    }

    private void loadOrders(DuckDBConnection conn, List<Product> products) throws SQLException {
        long days = LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay() + 1;
        long lineId = 1;
        int returnId = 1;
        try (DuckDBAppender orders = appender(conn, "orders");
             DuckDBAppender items = appender(conn, "order_items");
             DuckDBAppender returns = appender(conn, "returns")) {
            for (int n = 0; n < ORDERS; n++) {
                LocalDate orderDate = orderDate(days);
                String status = status(orderDate);
                LocalDateTime createdAt = orderDate.atStartOfDay().plusMinutes(random.nextInt(3 * 24 * 60));
                LocalDate shipDate = status.equals("CANCELLED") || status.equals("PENDING")
                        ? null : orderDate.plusDays(1 + random.nextInt(6));
                long orderId = 100_001L + n;
                orders.beginRow().append(orderId).append(customerId()).append(1 + random.nextInt(CITIES.length))
                        .append(createdAt).append(orderDate);
                if (shipDate == null) {
                    orders.appendNull();
                } else {
                    orders.append(shipDate);
                }
                orders.append(weighted(CHANNELS, CHANNEL_WEIGHTS)).append(status)
                        .append(weighted(PAYMENTS, PAYMENT_WEIGHTS)).endRow();
                int lines = 1 + Math.min(random.nextInt(4), random.nextInt(5));
                for (int l = 0; l < lines; l++) {
                    Product p = products.get(Math.min(random.nextInt(products.size()), random.nextInt(products.size())));
                    int quantity = 1 + Math.min(random.nextInt(5), random.nextInt(5));
                    BigDecimal discount = BigDecimal.valueOf(DISCOUNTS[random.nextInt(DISCOUNTS.length)], 2);
                    items.beginRow().append(lineId).append(orderId).append(p.sku()).append(quantity)
                            .append(p.price()).append(discount).endRow();
                    if (status.equals("RETURNED") && (l == 0 || random.nextBoolean())) {
                        BigDecimal refund = p.price().multiply(BigDecimal.valueOf(quantity))
                                .multiply(BigDecimal.ONE.subtract(discount)).setScale(2, RoundingMode.HALF_UP);
                        returns.beginRow().append(returnId++).append(lineId)
                                .append(shipDate.plusDays(3 + random.nextInt(28)))
                                .append(weighted(RETURN_REASONS, RETURN_REASON_WEIGHTS)).append(refund).endRow();
                    }
                    lineId++;
                }
            }
        }
    }

    /** Order dates grow over time and peak in November and December. */
    private LocalDate orderDate(long days) {
        while (true) {
            LocalDate d = FIRST_DAY.plusDays(random.nextInt((int) days));
            double weight = 0.6 + 0.4 * (d.toEpochDay() - FIRST_DAY.toEpochDay()) / days;
            if (d.getMonthValue() >= 11) {
                weight *= 1.5;
            }
            if (random.nextDouble() * 1.5 < weight) {
                return d;
            }
        }
    }

    private String status(LocalDate orderDate) {
        if (orderDate.isAfter(LAST_DAY.minusDays(10)) && random.nextInt(100) < 40) {
            return "PENDING";
        }
        int r = random.nextInt(100);
        return r < 6 ? "CANCELLED" : r < 12 ? "RETURNED" : "COMPLETED";
    }

    /** A few customers order much more often than most. */
    private int customerId() {
        return random.nextInt(100) < 20 ? 1 + random.nextInt(300) : 1 + random.nextInt(CUSTOMERS);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String weighted(String[] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        throw new IllegalStateException("unreachable");
    }
}

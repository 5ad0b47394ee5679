package io.github.genieenhancer.genie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT `a b`, c FROM `cat`.`sch`.`tbl` WHERE x ILIKE '%a%' LIMIT 10",
        "SELECT a::int, CAST(b AS DECIMAL(10,2)) FROM t",
        "SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c) rn FROM t QUALIFY rn = 1",
        "SELECT * FROM t LIMIT 10 OFFSET 5",
        "SELECT * FROM t LIMIT ALL",
        "WITH x AS (SELECT 1 a) SELECT * FROM x",
        "VALUES (1, 'a'), (2, 'b')",
        "SELECT * FROM t WHERE region = :region_name",
        "SELECT transform(arr, x -> x + 1), s.a.b, arr[0], m['k'] FROM t s",
        "SELECT date_add(d, 1), d + INTERVAL 1 DAY FROM t GROUP BY ALL",
        "SELECT * EXCEPT (a) FROM t LATERAL VIEW explode(arr) e AS v",
        "SELECT x FROM t WHERE y RLIKE '^a' AND z <=> NULL AND w ILIKE ANY ('a%', 'b%')",
        "(SELECT a FROM t) UNION ALL (SELECT a FROM u)",
        "SELECT 1;",
        "/* leading comment */ SELECT 1 -- trailing comment",
        "EXPLAIN SELECT * FROM t",
        "SHOW TABLES",
        "DESCRIBE cat.sch.t",
        "TABLE t",
    })
    void queriesThatJSqlParserReadsAreAllowedByTheParser(String sql) {
        SqlCheck check = ReadOnlySqlGuard.check(sql);

        assertThat(check.readOnly()).as(sql + " -> " + check).isTrue();
        assertThat(check.basis()).isEqualTo(SqlCheck.Basis.PARSER);
        assertThat(check.reason()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SHOW TABLES IN cat.sch",
        "SHOW CREATE TABLE t",
        "DESCRIBE TABLE cat.sch.t",
        "DESCRIBE HISTORY t",
        "DESC EXTENDED t",
        "FROM t SELECT a",
        "SELECT a FROM t TABLESAMPLE (10 PERCENT)",
        "SELECT * FROM t TIMESTAMP AS OF '2020-01-01'",
        "SELECT a FROM t CLUSTER BY a",
        "SELECT a FROM t DISTRIBUTE BY a SORT BY a",
        "SELECT `update`, 'delete from t' FROM t TABLESAMPLE (1 ROWS) -- drop table t",
    })
    void databricksSqlTheParserCannotReadFallsBackToTheTokenCheck(String sql) {
        SqlCheck check = ReadOnlySqlGuard.check(sql);

        assertThat(check.readOnly()).as(sql + " -> " + check).isTrue();
        assertThat(check.basis()).isEqualTo(SqlCheck.Basis.TOKENS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INSERT INTO t SELECT * FROM s                                         | INSERT",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x                    | INSERT",
        "UPDATE t SET a = 1                                                    | UPDATE",
        "DELETE FROM t                                                         | DELETE",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE          | MERGE",
        "CREATE TABLE t AS SELECT 1                                            | CREATE TABLE",
        "DROP TABLE t                                                          | DROP",
        "GRANT SELECT ON t TO u                                                | GRANT",
        "SET spark.sql.ansi.enabled = false                                    | SET",
        "SELECT * INTO newt FROM t                                             | SELECT INTO",
        "OPTIMIZE t                                                            | OPTIMIZE",
        "VACUUM t                                                              | VACUUM",
        "USE CATALOG c                                                         | USE",
        "EXPLAIN DELETE FROM t                                                 | DELETE",
        "SELECT a FROM t TABLESAMPLE (1 ROWS) UNION SELECT * FROM (DELETE FROM t) | DELETE",
        "SELECT 1; DROP TABLE t                                                | MULTIPLE STATEMENTS",
        "SELECT 1; SELECT 2                                                    | MULTIPLE STATEMENTS",
        "SELECT `a FROM t                                                      | UNREADABLE",
        "-- only a comment                                                     | EMPTY",
    })
    void everythingElseIsRefusedNamingTheStatementKind(String sql, String kind) {
        SqlCheck check = ReadOnlySqlGuard.check(sql);

        assertThat(check.readOnly()).as(sql + " -> " + check).isFalse();
        assertThat(check.statementKind()).isEqualTo(kind);
        assertThat(check.reason()).isPresent();
    }

    @Test
    void aSemicolonInsideAStringOrCommentIsNotAStatementBoundary() {
        assertThat(ReadOnlySqlGuard.check("SELECT 'a;b', `c;d` FROM t /* ; DROP TABLE t */").readOnly()).isTrue();
        assertThat(ReadOnlySqlGuard.check("SELECT 'it\\'s; DROP TABLE t' FROM t").readOnly()).isTrue();
        assertThat(ReadOnlySqlGuard.check("SELECT r'C:\\' AS p FROM t TABLESAMPLE (1 ROWS); DROP TABLE t")
                .statementKind()).isEqualTo("MULTIPLE STATEMENTS");
    }

    @Test
    void requireReadOnlyThrowsAClearException() {
        assertThatCode(() -> ReadOnlySqlGuard.requireReadOnly("SELECT 1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ReadOnlySqlGuard.requireReadOnly("DROP TABLE sales"))
                .isInstanceOfSatisfying(UnsafeSqlException.class, e -> {
                    assertThat(e.statementKind()).isEqualTo("DROP");
                    assertThat(e.getMessage()).contains("DROP").contains("Only a single SELECT");
                });
    }

    @Test
    void deeplyNestedSqlIsCheckedWithoutTheParser() {
        String nested = "SELECT " + "(".repeat(150) + "1" + ")".repeat(150) + " FROM t";

        SqlCheck check = ReadOnlySqlGuard.check(nested);

        assertThat(check.readOnly()).isTrue();
        assertThat(check.basis()).isEqualTo(SqlCheck.Basis.TOKENS);
    }
}

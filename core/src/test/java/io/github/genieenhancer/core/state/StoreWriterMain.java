package io.github.genieenhancer.core.state;

import static io.github.genieenhancer.core.state.StateFixtures.T0;

import io.github.genieenhancer.core.SessionOwnedException;
import io.github.genieenhancer.core.StateConflictException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A child process for the tests that need a second JVM. After each write has returned it prints one line ending
 * in {@code ;}, so the parent knows exactly which writes completed (a line cut by a kill has no {@code ;}).
 *
 * <p>{@code <store>} is a directory, or {@code sqlite:<file>} for a {@link JdbcStateStore} on a SQLite file.
 * <ul>
 *   <li>{@code crash <store> <session> <round>}: writes in a tight loop until killed.</li>
 *   <li>{@code advance <store> <session> <count>}: prints {@code ready;}, waits for a line on stdin, opens the store
 *       (so processes that start together also race to create it), creates the session unless another process did
 *       (printing {@code N 1;} when it won), then advances it {@code count} times with compare-and-set, printing
 *       each version won ({@code S <version>;}) and each conflict ({@code C;}).</li>
 *   <li>{@code own <store> <session> <lease seconds>}: claims the stored session ({@code owned <token>;}), then
 *       follows commands on stdin: {@code write <tag>} writes a plan, an iteration and a result marked with the tag
 *       under its lease ({@code W <tag>;}, or {@code R <message>;} when refused), {@code exit} releases the
 *       session and ends.</li>
 * </ul>
 */
public final class StoreWriterMain {

    private static final String SQLITE = "sqlite:";
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private StoreWriterMain() {
    }

    /** Runs one mode; see the class comment. */
    public static void main(String[] args) throws Exception {
        String sessionId = args[2];
        switch (args[0]) {
            case "crash" -> crash(open(args[1]), sessionId, Integer.parseInt(args[3]));
            case "advance" -> advance(args[1], sessionId, Integer.parseInt(args[3]));
            case "own" -> own(open(args[1]), sessionId, Duration.ofSeconds(Long.parseLong(args[3])));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static StateStore open(String location) {
        return location.startsWith(SQLITE)
                ? StateStore.jdbc(JdbcStateStoreSqliteTest.sqlite(Path.of(location.substring(SQLITE.length()))))
                : StateStore.directory(Path.of(location));
    }

    private static void crash(StateStore store, String sessionId, int round) {
        if (store.session(sessionId).isEmpty()) {
            report("S", store.saveSession(StateFixtures.session(sessionId, T0)).version());
        }
        String run = "run-" + round;
        for (int i = 0; ; i++) {
            String benchmark = "r" + round + "-q" + i;
            switch (i % 6) {
                case 0, 1 -> {
                    store.saveResult(sessionId, run, StateFixtures.result(benchmark, 0));
                    report("R", run, benchmark);
                }
                case 2 -> {
                    // Replace the previous result: the atomic rename over an existing file.
                    String previous = "r" + round + "-q" + (i - 1);
                    store.saveResult(sessionId, run, StateFixtures.result(previous, 1));
                    report("R2", run, previous);
                }
                case 3 -> {
                    store.appendEvent(StateFixtures.event(sessionId, "round" + round, i));
                    report("E", "round" + round, i);
                }
                case 4 -> {
                    SessionRecord current = store.session(sessionId).orElseThrow();
                    report("S", store.saveSession(current.advance(SessionStage.SCORED, current.iteration() + 1,
                            T0)).version());
                }
                default -> {
                    String id = "snap-r" + round + "-" + i;
                    store.saveSnapshot(StateFixtures.snapshot(id, sessionId, T0.plusSeconds(i)));
                    report("P", id);
                }
            }
        }
    }

    private static void advance(String location, String sessionId, int count) throws Exception {
        report("ready");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        StateStore store = open(location);
        if (store.session(sessionId).isEmpty()) {
            try {
                report("N", store.saveSession(StateFixtures.session(sessionId, T0)).version());
            } catch (StateConflictException e) {
                // Another process created it first.
            }
        }
        for (int i = 0; i < count; i++) {
            while (true) {
                SessionRecord current = store.session(sessionId).orElseThrow();
                try {
                    report("S", store.saveSession(current.advance(SessionStage.SCORED, current.iteration() + 1, T0))
                            .version());
                    break;
                } catch (StateConflictException e) {
                    report("C");
                }
            }
        }
    }

    private static void own(StateStore store, String sessionId, Duration lease) throws Exception {
        SessionOwner owner = SessionOwner.builder(store, sessionId).leaseDuration(lease).claim();
        report("owned", owner.lease().token());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.split(" ");
            if (command[0].equals("exit")) {
                owner.close();
                return;
            }
            String tag = command[1];
            try {
                StateStore mine = owner.store();
                mine.savePlan(sessionId, StateFixtures.planWithEveryFixKind("i1-plan", tag));
                mine.saveIteration(new IterationRecord(sessionId, 1, tag, Optional.of("i1-plan"), Optional.empty(),
                        Optional.empty(), 0.349, Optional.empty(), Optional.empty(), T0));
                mine.saveResult(sessionId, "i1-baseline", StateFixtures.result(tag, 0));
                report("W", tag);
            } catch (SessionOwnedException e) {
                report("R", e.getMessage().replace(';', ','));
            }
        }
    }

    private static void report(Object... parts) {
        StringBuilder line = new StringBuilder();
        for (Object part : parts) {
            line.append(line.length() == 0 ? "" : " ").append(part);
        }
        OUT.println(line.append(';'));
    }
}

package io.github.genieenhancer.examples.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the {@code genie-enhancer} tool: its log lines go to the tool's standard error, filtered and
 * redacted as {@link CliLogging} says. The tool selects it with the {@code slf4j.provider} system property; it is
 * not registered as a service, so the runnable jar on another class path (a Databricks cluster, JShell) leaves the
 * host's logging alone.
 */
public final class CliLogProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CliLogger::new);

    /** Created by SLF4J. */
    public CliLogProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to set up: the levels and the output are read from CliLogging at every call.
    }

    /** A logger that asks {@link CliLogging} at every call, so a logger created early follows the options. */
    private static final class CliLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CliLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return CliLogging.enabled(name, Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return CliLogging.enabled(name, Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return CliLogging.enabled(name, Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return CliLogging.enabled(name, Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return CliLogging.enabled(name, Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            CliLogging.write(name, level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
        }
    }
}

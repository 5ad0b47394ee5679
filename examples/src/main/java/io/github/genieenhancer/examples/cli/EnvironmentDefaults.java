package io.github.genieenhancer.examples.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Defaults of the workspace options from environment variables, so a CI job can set them once. */
final class EnvironmentDefaults implements IDefaultValueProvider {
    /** Option name to environment variable. */
    static final Map<String, String> VARIABLES = Map.of(
            "--space-id", "GENIE_SPACE_ID",
            "--warehouse-id", "GENIE_WAREHOUSE_ID",
            "--llm-endpoint", "GENIE_LLM_ENDPOINT");

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * A variable of the environment the tool runs in ({@link GenieEnhancerCli#execute}'s), not blank; for settings
     * that must not be options, such as a password.
     */
    static Optional<String> variable(CommandSpec spec, String name) {
        return spec.root().defaultValueProvider() instanceof EnvironmentDefaults defaults
                ? Optional.ofNullable(defaults.environment.get(name)).filter(v -> !v.isBlank())
                : Optional.empty();
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String variable = VARIABLES.get(option.longestName());
        if (variable == null) {
            return null;
        }
        String value = environment.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }
}

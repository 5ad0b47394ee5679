package io.github.genieenhancer.core.prompt;

/**
 * Supplies the repository {@link PromptRepository#defaultRepository()} returns. Register one implementation, with a
 * public no-argument constructor, in {@code META-INF/services/io.github.genieenhancer.core.prompt.PromptRepositoryProvider};
 * with none registered the default is {@link PromptRepository#classpath()}, with several the lookup fails.
 */
@FunctionalInterface
public interface PromptRepositoryProvider {

    /** Creates the repository to use by default. Must not return {@code null}. */
    PromptRepository create();
}

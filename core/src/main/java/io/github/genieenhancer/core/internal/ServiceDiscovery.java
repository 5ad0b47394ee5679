package io.github.genieenhancer.core.internal;

import io.github.genieenhancer.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the one implementation of an SPI provider on the class path, so a default works without configuration.
 * Not part of the public API: it may change without notice.
 */
public final class ServiceDiscovery {

    private ServiceDiscovery() {
    }

    /**
     * Loads the providers of {@code providerType} through the thread's context class loader and creates the
     * service from the single one found.
     *
     * @param providerType the provider interface listed under {@code META-INF/services}
     * @param create       obtains the service from the provider
     * @param fallback     the embedded default, used when no provider is registered
     * @param <P>          the provider type
     * @param <S>          the service type
     * @return the provider's service, or the fallback when there is no provider
     * @throws ConfigurationException when several providers are registered, when one cannot be instantiated, or
     *                                when one returns {@code null}
     */
    public static <P, S> S discover(Class<P> providerType, Function<? super P, ? extends S> create,
                                    Supplier<? extends S> fallback) {
        return discover(providerType, Thread.currentThread().getContextClassLoader(), create, fallback);
    }

    /**
     * Like {@link #discover(Class, Function, Supplier)}, looking through the given class loader (tests pass their
     * own registrations this way).
     */
    public static <P, S> S discover(Class<P> providerType, ClassLoader loader,
                                    Function<? super P, ? extends S> create, Supplier<? extends S> fallback) {
        List<P> providers = new ArrayList<>();
        try {
            ServiceLoader.load(providerType, loader).forEach(providers::add);
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException(
                    "Cannot load a " + providerType.getSimpleName() + " listed in META-INF/services/"
                            + providerType.getName() + ": " + e.getMessage(), e);
        }
        if (providers.isEmpty()) {
            return fallback.get();
        }
        if (providers.size() > 1) {
            List<String> names = providers.stream().map(p -> p.getClass().getName()).toList();
            throw new ConfigurationException(
                    "Several " + providerType.getSimpleName() + " implementations are registered on the class path "
                            + names + ": keep one, or configure the " + providerType.getSimpleName()
                            .replace("Provider", "") + " explicitly");
        }
        P provider = providers.get(0);
        S service = create.apply(provider);
        if (service == null) {
            throw new ConfigurationException(provider.getClass().getName() + " returned no "
                    + providerType.getSimpleName().replace("Provider", ""));
        }
        return service;
    }
}

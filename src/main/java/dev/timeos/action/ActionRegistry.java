package dev.timeos.action;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Finds performers by action name among the CDI beans: the built-ins and the application's {@code @Action} beans. */
@ApplicationScoped
public class ActionRegistry {

    @Inject
    BeanManager beanManager;

    @Inject
    @Any
    Instance<Performer> performers;

    private final Map<String, Performer> cache = new ConcurrentHashMap<>();
    /** The @Action beans are fixed once the application is deployed: looked up once, not per validated job. */
    private volatile Set<String> names;

    public boolean exists(String name) {
        return name != null && names().contains(name);
    }

    public Optional<Performer> find(String name) {
        if (!exists(name)) {
            return Optional.empty();
        }
        return Optional.of(cache.computeIfAbsent(name, n -> performers.select(Action.Literal.of(n)).get()));
    }

    /** The registered action names, sorted. */
    public Set<String> names() {
        if (names == null) {
            names = Collections.unmodifiableSet(lookUpNames());
        }
        return names;
    }

    private Set<String> lookUpNames() {
        Set<String> found = new TreeSet<>();
        for (Bean<?> bean : beanManager.getBeans(Performer.class, Any.Literal.INSTANCE)) {
            for (Annotation q : bean.getQualifiers()) {
                if (q instanceof Action a) {
                    found.add(a.value());
                }
            }
        }
        return found;
    }
}

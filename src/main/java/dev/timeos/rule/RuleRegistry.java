package dev.timeos.rule;

import dev.timeos.json.JsonFields;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the rules of code ({@link RuleSet} beans) and of the rules file (MicroProfile Config
 * {@code timeos.rules.file}: a JSON file, {@code {"rules": [rule, ...]}} or a bare array, each rule in the
 * REST shape) into the rule store, at startup and on reload.
 */
@ApplicationScoped
public class RuleRegistry {

    private static final Logger LOG = Logger.getLogger(RuleRegistry.class.getName());

    @Inject
    @Any
    Instance<RuleSet> ruleSets;

    @Inject
    RuleService rules;

    @Inject
    @ConfigProperty(name = "timeos.rules.file")
    Optional<String> rulesFile;

    private volatile Reloaded last;

    /** What a (re)load found: rules per source and the problems that kept rules out, by rule name. */
    public record Reloaded(int codeRules, int fileRules, String file, Map<String, String> problems) {
    }

    /** After the engine (schema migrations) has started: see {@code Engine}. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) @Initialized(ApplicationScoped.class) Object ignored) {
        // Nodes starting together may collide storing the same code rules: the loser tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                reload();
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    LOG.log(Level.SEVERE, "TimeOS: loading the code and file rules failed; API rules still work, "
                            + "code rules with Java conditions match nothing on this node until POST /api/rules/reload", e);
                    return;
                }
                LOG.log(Level.WARNING, "TimeOS: loading the code and file rules failed; trying again", e);
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public Reloaded reload() {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Rule> code = new ArrayList<>();
        for (RuleSet set : ruleSets) {
            Rules dsl = new Rules();
            try {
                set.define(dsl);
                code.addAll(dsl.build());
            } catch (RuntimeException e) {
                problems.put(set.getClass().getName(), e.getMessage());
            }
        }
        problems.putAll(rules.replaceSource(Rule.Source.CODE, code));
        List<Rule> file = readFile(problems);
        if (file != null) {
            problems.putAll(rules.replaceSource(Rule.Source.FILE, file));
        }
        Reloaded r = new Reloaded(code.size(), file == null ? 0 : file.size(), rulesFile.orElse(null), problems);
        problems.forEach((rule, problem) -> LOG.warning(() -> "TimeOS rule '" + rule + "' left out: " + problem));
        LOG.info(() -> "TimeOS rules loaded: " + r.codeRules() + " from code, " + r.fileRules() + " from "
                + rulesFile.orElse("no rules file"));
        last = r;
        return r;
    }

    /** The last load, for health checks. */
    public Optional<Reloaded> lastLoad() {
        return Optional.ofNullable(last);
    }

    /** @return the file's rules, or null when no file is configured (the file's rules are then left as they are) */
    private List<Rule> readFile(Map<String, String> problems) {
        if (rulesFile.isEmpty() || rulesFile.get().isBlank()) {
            return null;
        }
        Path path = Path.of(rulesFile.get());
        JsonStructure json;
        try {
            json = JsonFields.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.put(path.toString(), "cannot read the rules file: " + e);
            return null;
        } catch (RuntimeException e) {
            problems.put(path.toString(), e.getMessage());
            return null;
        }
        JsonArray items = json instanceof JsonArray a ? a
                : json instanceof JsonObject o && o.get("rules") instanceof JsonArray a2 ? a2 : null;
        if (items == null) {
            problems.put(path.toString(), "expected {\"rules\": [...]} or an array of rules");
            return null;
        }
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String label = path.getFileName() + "[" + i + "]";
            if (!(item instanceof JsonObject o)) {
                problems.put(label, "is not a JSON object");
                continue;
            }
            JsonFields f = new JsonFields(o, "");
            Rule r = RuleJson.read(f);
            if (!f.errors().isEmpty()) {
                problems.put(o.getString("name", label), f.errors().toString());
                continue;
            }
            out.add(r.withSource(Rule.Source.FILE));
        }
        return out;
    }
}

package dev.timeos.rule;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.dispatch.DispatcherConfig;
import dev.timeos.dispatch.EngineStarted;
import dev.timeos.json.JsonFields;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    RuleLoadProblems loadProblems;

    @Inject
    DispatcherConfig config;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    @ConfigProperty(name = "timeos.rules.file")
    Optional<String> rulesFile;

    private volatile Reloaded last;

    /** What a (re)load found: rules per source and the problems that kept rules out, by rule name. */
    public record Reloaded(int codeRules, int fileRules, String file, Map<String, String> problems) {
    }

    /** The engine started late (the job store was unreachable at the application's start): load the rules now. */
    void onEngineStarted(@Observes EngineStarted started) {
        onStart(started);
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

    /**
     * Reads the RuleSet beans and the rules file, and applies what they define (see {@link RuleService#applySource}).
     * A RuleSet whose define throws, a bad file rule or an unreadable file keep their last good rules and jobs; the
     * problems are answered here and kept in {@link RuleLoadProblems} for health checks.
     */
    public Reloaded reload() {
        Map<String, String> problems = new LinkedHashMap<>();
        List<RuleService.Definition> code = new ArrayList<>();
        int codeRules = 0;
        for (RuleSet set : ruleSets) {
            String name = definer(set);
            Rules dsl = new Rules();
            try {
                set.define(dsl);
                List<Rule> defined = dsl.build();
                codeRules += defined.size();
                code.add(new RuleService.Definition(name, defined, Set.of(), false));
            } catch (RuntimeException e) {
                // Half a definition is not a definition: none of its rules change, none of its stored rules go.
                problems.put(name, "define failed, its rules stored before are kept: " + e);
                code.add(RuleService.Definition.failed(name));
            }
        }
        String node = config.nodeId();
        problems.putAll(rules.applySource(Rule.Source.CODE, node, code));
        int fileRules = 0;
        if (rulesFile.isPresent() && !rulesFile.get().isBlank()) {
            RuleService.Definition file = readFile(problems);
            fileRules = file.rules().size();
            problems.putAll(rules.applySource(Rule.Source.FILE, node, List.of(file)));
        }
        Reloaded r = new Reloaded(codeRules, fileRules, rulesFile.orElse(null), problems);
        problems.forEach((rule, problem) -> LOG.warning(() -> "TimeOS rule '" + rule + "' not (re)defined: " + problem));
        LOG.info(() -> "TimeOS rules loaded: " + r.codeRules() + " from code, " + r.fileRules() + " from "
                + rulesFile.orElse("no rules file"));
        last = r;
        loadProblems.loaded(clock.instant(), problems);
        return r;
    }

    /**
     * A stopping node defines nothing any more: its definer rows go, so that the next reload of a running node can
     * orphan what only this node defined. A node killed outright keeps its rows until it starts again.
     */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        try {
            int rows = rules.forgetNode(config.nodeId());
            LOG.fine(() -> "TimeOS: node " + config.nodeId() + " no longer defines its " + rows + " code and file rules");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: could not remove this node's rule definitions at shutdown", e);
        }
    }

    /** The RuleSet's class, without the proxy suffix a CDI container may add. */
    private static String definer(RuleSet set) {
        String name = set.getClass().getName();
        int proxy = name.indexOf("$Proxy$");
        if (proxy < 0) {
            proxy = name.indexOf("$$");
        }
        return proxy < 0 ? name : name.substring(0, proxy);
    }

    /** The last load, for health checks. */
    public Optional<Reloaded> lastLoad() {
        return Optional.ofNullable(last);
    }

    /** The rules file as a definition: an unreadable file keeps every rule it had; a bad rule keeps its last good one. */
    private RuleService.Definition readFile(Map<String, String> problems) {
        Path path = Path.of(rulesFile.get());
        String in = path.toString();
        JsonStructure json;
        try {
            json = JsonFields.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.put(in, "cannot read the rules file, its rules stored before are kept: " + e);
            return RuleService.Definition.failed(in);
        } catch (RuntimeException e) {
            problems.put(in, e.getMessage() + "; its rules stored before are kept");
            return RuleService.Definition.failed(in);
        }
        JsonArray items = json instanceof JsonArray a ? a
                : json instanceof JsonObject o && o.get("rules") instanceof JsonArray a2 ? a2 : null;
        if (items == null) {
            problems.put(in, "expected {\"rules\": [...]} or an array of rules; its rules stored before are kept");
            return RuleService.Definition.failed(in);
        }
        List<Rule> out = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        boolean unknownKept = false;
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String label = path.getFileName() + "[" + i + "]";
            if (!(item instanceof JsonObject o)) {
                problems.put(label, "is not a JSON object; the file's rules stored before are kept");
                unknownKept = true;
                continue;
            }
            JsonFields f = new JsonFields(o, "");
            Rule r = RuleJson.read(f);
            if (!f.errors().isEmpty()) {
                String name = o.get("name") instanceof JsonString s ? s.getString() : null;
                if (name == null || name.isBlank()) {
                    // Without a name its id is unknown: keep every file rule rather than lose the one it was.
                    unknownKept = true;
                    problems.put(label, f.errors() + "; the file's rules stored before are kept");
                } else {
                    kept.add(RuleService.sourceId(Rule.Source.FILE, name));
                    problems.put(name, f.errors() + "; its last good definition is kept");
                }
                continue;
            }
            out.add(r.withSource(Rule.Source.FILE));
        }
        return new RuleService.Definition(in, out, kept, unknownKept);
    }
}

package io.vmodem.fault;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A scenario as written, before it means anything: maps, lists and text, each knowing where it
 * stands ({@code scenario.yaml line 7, steps[2].do.ms}), so that every mistake can be named where
 * the user made it. YAML and JSON (a subset of it) read alike, so a file and an HTTP body share
 * one reader.
 */
sealed interface Spec {

    /** The file or body it came from, its line, and its path from the root. */
    Where where();

    record Where(String source, int line, String path) {
        Where child(String key, int childLine) {
            return new Where(source, childLine, path.isEmpty() ? key : path + "." + key);
        }

        Where item(int index, int childLine) {
            return new Where(source, childLine, path + "[" + index + "]");
        }

        @Override
        public String toString() {
            String at = line > 0 ? source + " line " + line : source;
            return path.isEmpty() ? at : at + ", " + path;
        }
    }

    record Fields(Where where, Map<String, Spec> entries) implements Spec {}

    record Items(Where where, List<Spec> items) implements Spec {}

    record Text(Where where, String text) implements Spec {}

    /** Reads YAML (or JSON) text; {@code source} names it in messages ({@code flaky.yaml}). */
    static Spec read(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ScenarioException(new Where(source, line, ""), "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new ScenarioException(new Where(source, 0, ""), "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ScenarioException(new Where(source, 0, ""), "empty");
        }
        return convert(root, new Where(source, line(root), ""));
    }

    private static Spec convert(Node node, Where where) {
        if (node instanceof MappingNode map) {
            Map<String, Spec> entries = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new ScenarioException(where, "a field name must be plain text");
                }
                Node value = t.getValueNode();
                if (entries.containsKey(key.getValue())) {
                    throw new ScenarioException(
                            where.child(key.getValue(), line(key)), "written twice: " + key.getValue());
                }
                entries.put(key.getValue(), convert(value, where.child(key.getValue(), line(value))));
            }
            return new Fields(where, entries);
        }
        if (node instanceof SequenceNode seq) {
            List<Spec> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, where.item(items.size(), line(item))));
            }
            return new Items(where, items);
        }
        return new Text(where, ((ScalarNode) node).getValue());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}

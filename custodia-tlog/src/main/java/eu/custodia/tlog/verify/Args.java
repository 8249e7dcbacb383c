package eu.custodia.tlog.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal GNU-style command line: positional arguments, {@code --name value}, {@code --name=value},
 * repeatable options, and {@code --flag}s. Unknown options are refused so that a typo never silently
 * weakens a verification.
 */
final class Args {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {
    }

    static Args parse(List<String> argv, Set<String> valued, Set<String> flags, Messages msg)
            throws UsageException {
        Args args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                args.positional.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                args.positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageException(msg.get("usage.missingValue", "--" + name));
                    }
                    value = argv.get(++i);
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException(msg.get("usage.unknownOption", "--" + name));
            }
        }
        return args;
    }

    List<String> positional() {
        return positional;
    }

    String positional(int index, String what, Messages msg) throws UsageException {
        if (positional.size() <= index) {
            throw new UsageException(msg.get("usage.missingArgument", what));
        }
        return positional.get(index);
    }

    void requirePositionalCount(int count, Messages msg) throws UsageException {
        if (positional.size() > count) {
            throw new UsageException(msg.get("usage.extraArgument", positional.get(count)));
        }
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    String single(String name, Messages msg) throws UsageException {
        List<String> values = all(name);
        if (values.size() > 1) {
            throw new UsageException(msg.get("usage.repeatedOption", "--" + name));
        }
        return values.isEmpty() ? null : values.get(0);
    }

    String required(String name, Messages msg) throws UsageException {
        String value = single(name, msg);
        if (value == null) {
            throw new UsageException(msg.get("usage.missingOption", "--" + name));
        }
        return value;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}

package eu.custodia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A description of the machine a run took place on: CPU model, cores, memory, operating system and JDK.
 *
 * @param cpu CPU model name (from {@code /proc/cpuinfo} where there is one)
 * @param cores processors available to the JVM
 * @param memory total memory, human readable, or {@code "unknown"}
 * @param os operating system name and kernel version
 * @param jdk JDK vendor, version and VM name
 */
public record Machine(String cpu, int cores, String memory, String os, String jdk) {

    /** Describes the machine this JVM runs on. */
    public static Machine current() {
        return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemory(), readOs(),
                readJdk());
    }

    /** Returns the 1-minute load average from {@code /proc/loadavg}, or null where there is none. */
    public static String loadAverage() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? null : text.split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns a one-line description for {@code BENCHMARKS.md}. */
    public String describe() {
        return cpu + ", " + cores + " cores, " + memory + " RAM; " + os + "; " + jdk;
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                if (colon >= 0) {
                    return line.substring(colon + 1).strip();
                }
            }
        }
        return System.getProperty("os.arch", "unknown CPU");
    }

    private static String readMemory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    double kib = Double.parseDouble(parts[0]);
                    return String.format(Locale.ROOT, "%.1f GiB", kib / (1024 * 1024));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return "unknown";
    }

    private static String readOs() {
        String name = System.getProperty("os.name");
        for (String line : lines("/etc/os-release")) {
            if (line.startsWith("PRETTY_NAME=")) {
                name = line.substring("PRETTY_NAME=".length()).replace("\"", "").strip();
            }
        }
        return name + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ")";
    }

    private static String readJdk() {
        return System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

package dev.patternshop.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH with its own command line (every option of {@code java -jar benchmarks.jar} works, {@code -rf json -rff
 * FILE} included) and prints the results as a Markdown table on standard output; JMH's progress goes to standard
 * error. {@code load-tests/bin/jmh.sh} starts it.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        List<String> listing = List.of("-h", "-l", "-lp", "-lrf", "-lprof", "-help");
        if (Arrays.stream(args).anyMatch(listing::contains)) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        PrintStream progress = System.err;
        Collection<RunResult> results = new Runner(
                        options,
                        OutputFormatFactory.createFormatInstance(
                                progress, options.verbosity().orElse(VerboseMode.NORMAL)))
                .run();
        if (results.isEmpty()) {
            System.err.println("No benchmark matched " + options.getIncludes());
            System.exit(1);
        }
        System.out.print(table(results));
    }

    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder()
                .append("| benchmark | mode | score | error (99.9%) | unit |\n")
                .append("|---|---|---:|---:|---|\n");
        results.stream()
                .sorted(Comparator.comparing(MarkdownReport::name).thenComparing(RunResult::getParams))
                .forEach(result -> {
                    Result<?> primary = result.getPrimaryResult();
                    out.append("| ")
                            .append(label(result))
                            .append(" | ")
                            .append(result.getParams().getMode().shortLabel())
                            .append(" | ")
                            .append(number(primary.getScore()))
                            .append(" | ")
                            .append(
                                    Double.isNaN(primary.getScoreError())
                                            ? "n/a"
                                            : "± " + number(primary.getScoreError()))
                            .append(" | ")
                            .append(primary.getScoreUnit())
                            .append(" |\n");
                });
        return out.toString();
    }

    /** {@code OrderIdBenchmark.compose}, with any parameters: {@code WebhookSignatureBenchmark.sign (bodyBytes=512)}. */
    static String label(RunResult result) {
        BenchmarkParams params = result.getParams();
        String name = name(result);
        if (params.getParamsKeys().isEmpty()) {
            return name;
        }
        return name + " ("
                + params.getParamsKeys().stream()
                        .map(key -> key + "=" + params.getParam(key))
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /** The class's simple name and the method: {@code OrderIdBenchmark.compose}. */
    static String name(RunResult result) {
        String[] parts = result.getParams().getBenchmark().split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }
}

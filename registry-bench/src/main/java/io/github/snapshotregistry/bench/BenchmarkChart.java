package io.github.snapshotregistry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws the results of {@link RegistryBenchmark} (JMH's {@code -rf json} files) as an SVG chart:
 * time per operation against registry size, both axes logarithmic, one line per adapter and
 * operation (solid for SQLite, dashed for memory). Given several runs' files, each point is the
 * median of the runs' scores; the medians are also printed as a Markdown table.
 *
 * <p>Usage: {@code BenchmarkChart <chart.svg> <jmh-result.json>...}.
 */
public final class BenchmarkChart {

    private static final String[] OPERATIONS = {"getHit", "getMiss", "putNoEviction", "putEvicting", "invalidate"};
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};
    private static final int LEFT = 80;
    private static final int RIGHT = 620;
    private static final int TOP = 50;
    private static final int BOTTOM = 450;

    private BenchmarkChart() {}

    /**
     * Reads the JMH result files, writes the chart of the median score of each point, and prints
     * the same medians as a Markdown table.
     *
     * @param args {@code <chart.svg> <jmh-result.json>...}
     * @throws IllegalArgumentException if the arguments are missing or no file holds a result of
     *     {@link RegistryBenchmark}
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: BenchmarkChart <chart.svg> <jmh-result.json>...");
        }
        Path out = Path.of(args[0]);
        List<String> results = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try {
                results.add(Files.readString(Path.of(args[i]), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + args[i], e);
            }
        }
        Medians medians = medians(results);
        try {
            Files.writeString(out, svg(medians), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        System.out.print(table(medians));
    }

    /**
     * The median score of each adapter, operation and size over several JMH JSON result files.
     *
     * @param series by {@code "adapter operation"} ({@code "memory-noop getHit"} for a run with
     *     {@code -p listener=noop}), the median score at each size
     * @param unit the scores' unit, e.g. {@code µs/op}
     */
    record Medians(Map<String, TreeMap<Integer, Double>> series, String unit) {}

    static Medians medians(List<String> jmhJsonFiles) {
        Map<String, TreeMap<Integer, List<Double>>> scores = new TreeMap<>();
        String unit = "";
        for (String jmhJson : jmhJsonFiles) {
            for (Object element : (List<?>) new JsonReader(jmhJson).read()) {
                Map<?, ?> result = (Map<?, ?>) element;
                String benchmark = (String) result.get("benchmark");
                if (!benchmark.startsWith(RegistryBenchmark.class.getName() + ".")) {
                    continue;
                }
                Map<?, ?> params = (Map<?, ?>) result.get("params");
                Map<?, ?> metric = (Map<?, ?>) result.get("primaryMetric");
                String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                String adapter = "noop".equals(params.get("listener")) ? params.get("adapter") + "-noop" : (String) params.get("adapter");
                scores.computeIfAbsent(adapter + " " + operation, k -> new TreeMap<>())
                        .computeIfAbsent(Integer.valueOf((String) params.get("size")), k -> new ArrayList<>())
                        .add((Double) metric.get("score"));
                unit = ((String) metric.get("scoreUnit")).replace("us/", "µs/");
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no result of " + RegistryBenchmark.class.getName() + " in the files");
        }
        Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
        scores.forEach((name, bySize) -> {
            TreeMap<Integer, Double> points = new TreeMap<>();
            bySize.forEach((size, values) -> points.put(size, median(values)));
            series.put(name, points);
        });
        return new Medians(series, unit);
    }

    /** The chart of the medians. */
    static String svg(Medians medians) {
        return draw(medians.series(), medians.unit());
    }

    /**
     * The medians as a Markdown table: a row per adapter and operation, a column per size, and the
     * ratio of the largest size's score to the smallest's.
     */
    static String table(Medians medians) {
        TreeMap<Integer, Boolean> sizes = new TreeMap<>();
        medians.series().values().forEach(points -> points.keySet().forEach(size -> sizes.put(size, true)));
        StringBuilder table = new StringBuilder("| adapter | operation |");
        StringBuilder rule = new StringBuilder("| --- | --- |");
        for (int size : sizes.keySet()) {
            table.append(' ').append(String.format(Locale.ROOT, "%,d", size).replace(',', ' '))
                    .append(" (").append(medians.unit()).append(") |");
            rule.append(" ---: |");
        }
        table.append(" largest / smallest |\n").append(rule).append(" ---: |\n");
        medians.series().forEach((name, points) -> {
            String[] parts = name.split(" ");
            table.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" |");
            for (int size : sizes.keySet()) {
                Double score = points.get(size);
                table.append(' ').append(score == null ? "" : String.format(Locale.ROOT, "%.3f", score)).append(" |");
            }
            table.append(String.format(Locale.ROOT, " %.2fx |\n",
                    points.lastEntry().getValue() / points.firstEntry().getValue()));
        });
        return table.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String draw(Map<String, TreeMap<Integer, Double>> series, String unit) {
        double minSize = Double.MAX_VALUE;
        double maxSize = 0;
        double minScore = Double.MAX_VALUE;
        double maxScore = 0;
        for (TreeMap<Integer, Double> points : series.values()) {
            minSize = Math.min(minSize, points.firstKey());
            maxSize = Math.max(maxSize, points.lastKey());
            for (double score : points.values()) {
                minScore = Math.min(minScore, score);
                maxScore = Math.max(maxScore, score);
            }
        }
        Axis x = new Axis(minSize, maxSize, LEFT, RIGHT);
        Axis y = new Axis(minScore, maxScore, BOTTOM, TOP);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"860\" height=\"510\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"860\" height=\"510\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 28, "start", "font-size=\"15\"",
                "Time per operation (" + unit + ") against registry size, JMH, log–log"));
        for (int decade = x.low; decade <= x.high; decade++) {
            double px = x.at(Math.pow(10, decade));
            svg.append(line(px, TOP, px, BOTTOM, "#ddd", ""));
            svg.append(text(px, BOTTOM + 18, "middle", "", String.format(Locale.ROOT, "%,d", (long) Math.pow(10, decade))
                    .replace(',', ' ')));
        }
        for (int decade = y.low; decade <= y.high; decade++) {
            double py = y.at(Math.pow(10, decade));
            svg.append(line(LEFT, py, RIGHT, py, "#ddd", ""));
            svg.append(text(LEFT - 8, py + 4, "end", "", decadeLabel(decade)));
        }
        svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "#333", ""));
        svg.append(line(LEFT, TOP, LEFT, BOTTOM, "#333", ""));
        svg.append(text((LEFT + RIGHT) / 2.0, BOTTOM + 40, "middle", "", "entries in the registry"));
        svg.append(text(20, (TOP + BOTTOM) / 2.0, "middle",
                "transform=\"rotate(-90 20 " + (TOP + BOTTOM) / 2 + ")\"", unit));
        int legendRow = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> entry : series.entrySet()) {
            String[] name = entry.getKey().split(" ");
            String color = color(name[1]);
            String dash = name[0].startsWith("memory") ? "stroke-dasharray=\"6 4\"" : "";
            List<String> points = new ArrayList<>();
            for (Map.Entry<Integer, Double> point : entry.getValue().entrySet()) {
                double px = x.at(point.getKey());
                double py = y.at(point.getValue());
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                        px, py, color));
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" %s/>\n",
                    String.join(" ", points), color, dash));
            double ly = TOP + 10 + 20 * legendRow++;
            svg.append(line(RIGHT + 20, ly, RIGHT + 50, ly, color, dash + " stroke-width=\"2\""));
            svg.append(text(RIGHT + 58, ly + 4, "start", "", entry.getKey()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String color(String operation) {
        for (int i = 0; i < OPERATIONS.length; i++) {
            if (OPERATIONS[i].equals(operation)) {
                return COLORS[i];
            }
        }
        return "#000";
    }

    private static String decadeLabel(int decade) {
        return decade >= 0
                ? String.format(Locale.ROOT, "%,d", (long) Math.pow(10, decade)).replace(',', ' ')
                : String.format(Locale.ROOT, "%." + -decade + "f", Math.pow(10, decade));
    }

    private static String line(double x1, double y1, double x2, double y2, String color, String extra) {
        return String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>\n",
                x1, y1, x2, y2, color, extra);
    }

    private static String text(double x, double y, String anchor, String extra, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n",
                x, y, anchor, extra, content.replace("&", "&amp;").replace("<", "&lt;"));
    }

    /** A logarithmic axis over whole decades, mapping values to pixels. */
    private static final class Axis {

        final int low;
        final int high;
        private final double from;
        private final double to;

        Axis(double min, double max, double from, double to) {
            this.low = (int) Math.floor(Math.log10(min));
            this.high = Math.max(low + 1, (int) Math.ceil(Math.log10(max)));
            this.from = from;
            this.to = to;
        }

        double at(double value) {
            return from + (Math.log10(value) - low) / (high - low) * (to - from);
        }
    }
}

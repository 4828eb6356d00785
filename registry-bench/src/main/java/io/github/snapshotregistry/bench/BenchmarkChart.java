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
 * Draws the results of {@link RegistryBenchmark} (JMH's {@code -rf json} file) as an SVG chart:
 * time per operation against registry size, both axes logarithmic, one line per adapter and
 * operation (solid for SQLite, dashed for memory).
 *
 * <p>Usage: {@code BenchmarkChart <jmh-result.json> <chart.svg>}.
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
     * Reads the JMH results and writes the chart.
     *
     * @param args {@code <jmh-result.json> <chart.svg>}
     * @throws IllegalArgumentException if the arguments are missing or the file holds no result of
     *     {@link RegistryBenchmark}
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BenchmarkChart <jmh-result.json> <chart.svg>");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try {
            Files.writeString(out, svg(Files.readString(in, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot turn " + in + " into " + out, e);
        }
    }

    /** The chart of a JMH JSON result file's {@link RegistryBenchmark} results. */
    static String svg(String jmhJson) {
        Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
        String unit = "";
        for (Object element : (List<?>) new JsonReader(jmhJson).read()) {
            Map<?, ?> result = (Map<?, ?>) element;
            String benchmark = (String) result.get("benchmark");
            if (!benchmark.startsWith(RegistryBenchmark.class.getName() + ".")) {
                continue;
            }
            Map<?, ?> params = (Map<?, ?>) result.get("params");
            Map<?, ?> metric = (Map<?, ?>) result.get("primaryMetric");
            String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            series.computeIfAbsent(params.get("adapter") + " " + operation, k -> new TreeMap<>())
                    .put(Integer.valueOf((String) params.get("size")), (Double) metric.get("score"));
            unit = ((String) metric.get("scoreUnit")).replace("us/", "µs/");
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no result of " + RegistryBenchmark.class.getName() + " in the file");
        }
        return draw(series, unit);
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
            String dash = name[0].equals("memory") ? "stroke-dasharray=\"6 4\"" : "";
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

package io.github.snapshotregistry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkChartTest {

    private static final String RESULT = """
            {"benchmark":"io.github.snapshotregistry.bench.RegistryBenchmark.%s","mode":"avgt",
             "params":{"adapter":"%s","size":"%d"},
             "primaryMetric":{"score":%s,"scoreError":"NaN","scoreUnit":"us/op","rawData":[[1.0,2.5e-1]]}}""";

    @Test
    void theReaderTurnsJmhJsonIntoMapsListsAndNumbers() {
        Object value = new JsonReader(
                "[{\"a\" : \"x\\\"y\\u00e9\", \"b\":[1, -2.5e3, true, null], \"c\":{}}]").read();

        Map<?, ?> object = (Map<?, ?>) ((List<?>) value).get(0);
        assertEquals("x\"yé", object.get("a"));
        assertEquals(java.util.Arrays.asList(1.0, -2500.0, true, null), object.get("b"));
        assertEquals(Map.of(), object.get("c"));
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JsonReader("[1, 2").read());

        assertEquals("malformed JSON: expected ',' at offset 5", e.getMessage());
    }

    @Test
    void everyAdapterAndOperationIsOneLineThroughItsSizes() {
        String json = "[" + String.join(",",
                result("getHit", "sqlite", 1000, "12.5"),
                result("getHit", "sqlite", 1000000, "14.0"),
                result("getHit", "memory", 1000, "0.08"),
                result("getHit", "memory", 1000000, "0.3")) + "]";

        String svg = BenchmarkChart.svg(BenchmarkChart.medians(List.of(json)));

        assertEquals(2, svg.split("<polyline").length - 1);
        assertEquals(4, svg.split("<circle").length - 1);
        assertTrue(svg.contains(">sqlite getHit</text>"));
        assertTrue(svg.contains(">memory getHit</text>"));
        assertTrue(svg.contains("µs/op"));
    }

    @Test
    void aFileWithoutRegistryResultsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkChart.medians(List.of("[]")));
    }

    @Test
    void eachPointIsTheMedianOfTheRunsAndTheTableGivesTheGrowth() {
        List<String> runs = List.of(
                "[" + result("getHit", "sqlite", 1000, "10.0") + "," + result("getHit", "sqlite", 1000000, "30.0") + "]",
                "[" + result("getHit", "sqlite", 1000, "12.0") + "," + result("getHit", "sqlite", 1000000, "14.0") + "]",
                "[" + result("getHit", "sqlite", 1000, "99.0") + "," + result("getHit", "sqlite", 1000000, "15.0") + "]");

        BenchmarkChart.Medians medians = BenchmarkChart.medians(runs);

        assertEquals(Map.of(1000, 12.0, 1000000, 15.0), medians.series().get("sqlite getHit"));
        assertEquals("""
                | adapter | operation | 1 000 (µs/op) | 1 000 000 (µs/op) | largest / smallest |
                | --- | --- | ---: | ---: | ---: |
                | sqlite | getHit | 12.000 | 15.000 | 1.25x |
                """, BenchmarkChart.table(medians));
    }

    private static String result(String operation, String adapter, int size, String score) {
        return String.format(RESULT, operation, adapter, size, score);
    }
}

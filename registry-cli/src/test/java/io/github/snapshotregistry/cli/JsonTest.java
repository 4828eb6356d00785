package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void nestedObjectsAndArraysGetTheirCommas() {
        String text = new Json().beginObject()
                .field("a", 1L)
                .name("list").beginArray().value("x").value(2L).value(true).beginObject().endObject().endArray()
                .field("none", (String) null)
                .field("absent", (Long) null)
                .name("empty").beginArray().endArray()
                .endObject().toString();

        assertEquals("{\"a\":1,\"list\":[\"x\",2,true,{}],\"none\":null,\"absent\":null,\"empty\":[]}", text);
    }

    @Test
    void everyCharacterASnapshotKeyMayHoldSurvivesTheRoundTrip() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            all.append(c);
        }
        String key = all + "\u2028\u2029\uD83D\uDE80\uFFFF\"\\/";

        String text = new Json().beginObject().field(key, key).endObject().toString();

        assertEquals(Map.of(key, key), JsonReader.parse(text));
    }

    @Test
    void theTextIsPrintableAscii() {
        String text = new Json().beginArray().value("\u0000\n\t\u007f\u00e9\uD83D\uDE80").endArray().toString();

        assertEquals("[\"\\u0000\\n\\t\\u007f\\u00e9\\ud83d\\ude80\"]", text);
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), text);
    }

    @Test
    void numbersAreWrittenExactly() {
        String text = new Json().beginArray().value(Long.MAX_VALUE).value(Long.MIN_VALUE).value(0L).endArray().toString();

        assertEquals(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L), JsonReader.parse(text));
        assertEquals(Arrays.asList(1L, null), JsonReader.parse(new Json().beginArray().value(Long.valueOf(1))
                .value((Long) null).endArray().toString()));
    }
}

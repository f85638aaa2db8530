package dev.vigil.engine;

import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import java.util.List;

/**
 * A run of whole lines of one source, handed from the reader to a worker.
 *
 * @param source        source name
 * @param data          the bytes; only {@code [0, len)} is valid
 * @param len           number of valid bytes; every line in it ends with {@code \n} except
 *                      possibly the last line of the source
 * @param firstLine     1-based number of the first line in {@code data}
 * @param firstOffset   byte offset of {@code data[0]} in the decompressed source
 * @param parser        the parser for these lines (a snapshot for stateful formats)
 * @param readerLines   lines the reader consumed itself (lines too long to buffer), counted before
 *                      the lines in {@code data}
 * @param readerProblems problems the reader found for those lines
 * @param assembler     for multi-line formats, the source's assembler (then {@code parser} is
 *                      unused and chunks are processed in order on one thread); else null
 * @param last          whether this is the source's last chunk (the assembler is then finished)
 */
record Chunk(
        String source,
        byte[] data,
        int len,
        long firstLine,
        long firstOffset,
        LineParser parser,
        int readerLines,
        List<Problem> readerProblems,
        RecordAssembler assembler,
        boolean last) {

    /** Chunks of multi-line formats must be processed in order, on one thread. */
    boolean sequential() {
        return assembler != null;
    }
}

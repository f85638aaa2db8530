package dev.vigil.flink;

/**
 * One log line as it came from Kafka, with where it came from and how to read it.
 *
 * @param source      the source's name as evidence shows it: the envelope's, else {@code kafka:topic/partition}
 * @param line        the line's number in its source (the envelope's, else the record's offset plus one)
 * @param offset      the record's offset in its partition
 * @param format      the format's name ({@code Formats.forName}), or null to sniff it from the source's first line
 * @param resource    the resource (host, app) to name on events whose line names none, or null
 * @param text        the line, without its line end
 * @param ingestMillis when the record entered Kafka (its time stamp), for delay figures
 */
public record RawLine(String source, long line, long offset, String format, String resource, String text,
                      long ingestMillis) {
}

package dev.vigil.enrich;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal MaxMind DB (format 2.0) writer for tests, so tests need no downloaded database. It
 * writes what the format specification describes: a binary search tree over the address bits
 * (IPv6, 24-bit records; IPv4 networks live under {@code ::/96} as the readers expect), 16 zero
 * bytes, the data section, and the metadata after the {@code \xAB\xCD\xEFMaxMind.com} marker.
 * Data values: String, Long (uint32), Integer (uint16), Map, List, Boolean.
 *
 * <p>Not thread-safe; one database per instance.
 */
final class MmdbWriter {
    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    private static final class Node {
        final Object[] slot = new Object[2]; // null: no data; Node; or Integer: data offset
    }

    MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    /** Maps {@code cidr} (IPv4 or IPv6, such as 66.249.64.0/19) to {@code record}. */
    MmdbWriter insert(String cidr, Map<String, Object> record) throws UnknownHostException {
        int slash = cidr.indexOf('/');
        byte[] addr = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        byte[] bits16 = new byte[16];
        if (addr.length == 4) {
            System.arraycopy(addr, 0, bits16, 12, 4);
            prefix += 96;
        } else {
            bits16 = addr;
        }
        int offset = data.size();
        encode(record, data);
        Node n = root;
        for (int i = 0; i < prefix; i++) {
            int bit = (bits16[i / 8] >> (7 - i % 8)) & 1;
            if (i == prefix - 1) {
                n.slot[bit] = offset;
            } else {
                if (!(n.slot[bit] instanceof Node)) {
                    n.slot[bit] = new Node();
                }
                n = (Node) n.slot[bit];
            }
        }
        return this;
    }

    byte[] build() {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> index = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            index.put(n, nodes.size());
            nodes.add(n);
            for (Object o : n.slot) {
                if (o instanceof Node c) {
                    queue.add(c);
                }
            }
        }
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            for (Object o : n.slot) {
                long v = o == null ? count : o instanceof Node c ? index.get(c) : count + 16L + (Integer) o;
                out.write((int) (v >> 16) & 0xff);
                out.write((int) (v >> 8) & 0xff);
                out.write((int) v & 0xff);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("node_count", (long) count);
        meta.put("record_size", 24);
        meta.put("ip_version", 6);
        meta.put("database_type", databaseType);
        meta.put("languages", List.of("en"));
        meta.put("binary_format_major_version", 2);
        meta.put("binary_format_minor_version", 0);
        meta.put("build_epoch", new Epoch(1_764_000_000L));
        meta.put("description", Map.of("en", "Vigil test database"));
        encode(meta, out);
        return out.toByteArray();
    }

    /** A uint64, as the metadata's build_epoch is. */
    record Epoch(long seconds) {}

    private static void encode(Object v, ByteArrayOutputStream out) {
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(2, b.length, out);
            out.writeBytes(b);
        } else if (v instanceof Integer i) {
            unsigned(5, i, out);
        } else if (v instanceof Long l) {
            unsigned(6, l, out);
        } else if (v instanceof Epoch e) {
            unsigned(9, e.seconds(), out);
        } else if (v instanceof Boolean b) {
            control(14, b ? 1 : 0, out);
        } else if (v instanceof Map<?, ?> m) {
            control(7, m.size(), out);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(e.getKey().toString(), out);
                encode(e.getValue(), out);
            }
        } else if (v instanceof List<?> l) {
            control(11, l.size(), out);
            for (Object o : l) {
                encode(o, out);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }

    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int n = 0;
        for (long x = value; x != 0; x >>>= 8) {
            n++;
        }
        control(type, n, out);
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /** The control byte (and extended-type byte) and the size, as the specification lays them out. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int first = type <= 7 ? type << 5 : 0;
        byte[] ext;
        if (size < 29) {
            first |= size;
            ext = new byte[0];
        } else if (size < 285) {
            first |= 29;
            ext = new byte[] {(byte) (size - 29)};
        } else if (size < 65_821) {
            first |= 30;
            int s = size - 285;
            ext = new byte[] {(byte) (s >> 8), (byte) s};
        } else {
            first |= 31;
            int s = size - 65_821;
            ext = new byte[] {(byte) (s >> 16), (byte) (s >> 8), (byte) s};
        }
        out.write(first);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(ext);
    }
}

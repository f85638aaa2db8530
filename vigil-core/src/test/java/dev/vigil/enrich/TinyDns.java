package dev.vigil.enrich;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS responder on 127.0.0.1 for tests, written with dnsjava's message classes: PTR and A
 * answers from two maps, NXDOMAIN for anything else, and silence (a time-out) for names it is
 * told to ignore. Counts the queries it answers.
 */
final class TinyDns implements AutoCloseable {
    final Map<String, String> ptr = new ConcurrentHashMap<>();
    final Map<String, List<String>> a = new ConcurrentHashMap<>();
    final Set<String> silent = ConcurrentHashMap.newKeySet();
    final AtomicInteger queries = new AtomicInteger();
    private final DatagramSocket socket;
    private final Thread thread;

    TinyDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record question = q.getQuestion();
                String name = question.getName().toString();
                if (silent.contains(name)) {
                    continue;
                }
                queries.incrementAndGet();
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.RD);
                r.addRecord(question, Section.QUESTION);
                boolean found = false;
                if (question.getType() == Type.PTR && ptr.containsKey(name)) {
                    r.addRecord(new PTRRecord(question.getName(), question.getDClass(), 300, Name.fromString(ptr.get(name))),
                            Section.ANSWER);
                    found = true;
                } else if (question.getType() == Type.A && a.containsKey(name)) {
                    for (String ip : a.get(name)) {
                        r.addRecord(new ARecord(question.getName(), question.getDClass(), 300, InetAddress.getByName(ip)),
                                Section.ANSWER);
                    }
                    found = true;
                }
                if (!found) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

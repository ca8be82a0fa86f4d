package io.lightvibes.service.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP relay to a server that a test can cut, to see what a client does when its server vanishes. */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TcpRelay(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(server);
                    pipe(client.getInputStream(), server.getOutputStream());
                    pipe(server.getInputStream(), client.getOutputStream());
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    private static void pipe(InputStream from, OutputStream to) {
        Thread.ofVirtual().start(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // cut
            }
        });
    }

    /** Cuts every connection and accepts no more. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}

package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.postgres.message.StartupPacket;
import dev.sluice.postgres.testing.SluiceHarness;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The startup exchange byte by byte, for what no ordinary client sends. */
class RawStartupIT {
    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", sluice.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads one typed message and returns its type and its fields as text, for ErrorResponse. */
    private static String readError(DataInputStream in) throws IOException {
        char type = (char) in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return type + new String(body, StandardCharsets.UTF_8).replace('\0', '|');
    }

    @Test
    void gssEncryptionIsDeclinedAndTlsOffered() throws Exception {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.writeInt(8);
            out.writeInt(StartupPacket.GSSENC_REQUEST_CODE);
            assertThat((char) in.readByte()).isEqualTo('N');
            out.writeInt(8);
            out.writeInt(StartupPacket.SSL_REQUEST_CODE);
            assertThat((char) in.readByte()).isEqualTo('S');
        }
    }

    @Test
    void plaintextSentBehindAnSslRequestIsRefused() throws Exception {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] both = new byte[16];
            java.nio.ByteBuffer.wrap(both).putInt(8).putInt(StartupPacket.SSL_REQUEST_CODE).putInt(8).putInt(196608);
            out.write(both);
            String error = readError(in);
            assertThat(error).startsWith("E").contains("C08P01").contains("unencrypted data after SSL request");
        }
    }

    @Test
    void oversizedStartupPacketIsRefusedBeforeAuthentication() throws Exception {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(1_000_000);
            out.writeInt(196608);
            String error = readError(new DataInputStream(socket.getInputStream()));
            assertThat(error).contains("C08P01").contains("invalid startup packet length");
        }
    }

    @Test
    void cancelWithAnUnknownKeyIsIgnored() throws Exception {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(16);
            out.writeInt(StartupPacket.CANCEL_REQUEST_CODE);
            out.writeInt(12345);
            out.writeInt(67890);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(sluice.gateway.meters().scrape()).contains("sluice_postgres_cancels_total{result=\"unknown_key\"} 1.0");
    }
}

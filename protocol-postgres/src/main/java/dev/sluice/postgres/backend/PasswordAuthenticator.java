package dev.sluice.postgres.backend;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.AuthenticationRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Answers a backend's authentication requests with the vault password: SCRAM-SHA-256, MD5 or cleartext.
 * One instance per login; it holds the SCRAM exchange state.
 */
final class PasswordAuthenticator {
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final String username;
    private final String password;
    private ScramClient scram;

    PasswordAuthenticator(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /**
     * @return the {@code 'p'} message answering {@code request}, or {@code null} when none is due
     * @throws BackendException when the request cannot be answered or the server's proof is wrong
     */
    ByteBuf answer(AuthenticationRequest request, ByteBufAllocator alloc) throws BackendException {
        if (request instanceof AuthenticationRequest.CleartextPassword) {
            return passwordMessage(alloc, password);
        }
        if (request instanceof AuthenticationRequest.Md5Password md5) {
            return passwordMessage(alloc, md5Response(md5.salt()));
        }
        if (request instanceof AuthenticationRequest.Sasl sasl) {
            return saslInitialResponse(alloc, sasl);
        }
        if (request instanceof AuthenticationRequest.SaslContinue next) {
            return saslResponse(alloc, next);
        }
        if (request instanceof AuthenticationRequest.SaslFinal last) {
            verifyServerFinal(last);
            return null;
        }
        if (request instanceof AuthenticationRequest.Unsupported unsupported) {
            throw new BackendException("backend asked for authentication method " + unsupported.code()
                    + ", which Sluice does not support (use scram-sha-256, md5 or password)");
        }
        return null;
    }

    private ByteBuf saslInitialResponse(ByteBufAllocator alloc, AuthenticationRequest.Sasl sasl) throws BackendException {
        if (!sasl.mechanisms().contains(SCRAM_SHA_256)) {
            throw new BackendException("backend offered SASL mechanisms " + sasl.mechanisms() + " but not " + SCRAM_SHA_256);
        }
        try {
            scram = ScramClient.builder()
                    .advertisedMechanisms(sasl.mechanisms())
                    .username(username)
                    .password(password.toCharArray())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new BackendException("cannot start SCRAM exchange: " + e.getMessage(), e);
        }
        byte[] first = scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer();
        int length = PgWire.beginMessage(out, 'p');
        PgWire.writeCString(out, scram.getScramMechanism().getName());
        out.writeInt(first.length);
        out.writeBytes(first);
        PgWire.endMessage(out, length);
        return out;
    }

    private ByteBuf saslResponse(ByteBufAllocator alloc, AuthenticationRequest.SaslContinue next) throws BackendException {
        if (scram == null) {
            throw new BackendException("backend sent SASL continue before SASL start");
        }
        try {
            scram.serverFirstMessage(new String(next.data(), StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new BackendException("invalid SCRAM server-first message: " + e.getMessage(), e);
        }
        byte[] last = scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer();
        int length = PgWire.beginMessage(out, 'p');
        out.writeBytes(last);
        PgWire.endMessage(out, length);
        return out;
    }

    private void verifyServerFinal(AuthenticationRequest.SaslFinal last) throws BackendException {
        if (scram == null) {
            throw new BackendException("backend sent SASL final before SASL start");
        }
        try {
            scram.serverFinalMessage(new String(last.data(), StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new BackendException("backend failed SCRAM server verification: " + e.getMessage(), e);
        }
    }

    /** {@code "md5" + md5hex(md5hex(password + user) + salt)}, as libpq computes it. */
    String md5Response(byte[] salt) throws BackendException {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((password + username).getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new BackendException("MD5 is not available in this JVM", e);
        }
    }

    private static ByteBuf passwordMessage(ByteBufAllocator alloc, String value) {
        ByteBuf out = alloc.buffer();
        int length = PgWire.beginMessage(out, 'p');
        PgWire.writeCString(out, value);
        PgWire.endMessage(out, length);
        return out;
    }
}

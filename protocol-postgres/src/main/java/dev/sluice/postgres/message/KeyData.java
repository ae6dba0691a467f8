package dev.sluice.postgres.message;

import io.netty.buffer.ByteBuf;

/** {@code int32 process id | int32 secret key}: identifies a session for cancel requests. */
public record KeyData(int processId, int secretKey) {
    public static KeyData of(ByteBuf buf) {
        return new KeyData(buf.readInt(), buf.readInt());
    }

    public void encode(ByteBuf out) {
        out.writeInt(processId);
        out.writeInt(secretKey);
    }

    @Override
    public String toString() {
        return "KeyData[processId=" + processId + ", secretKey=****]";
    }
}

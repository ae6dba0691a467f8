package dev.sluice.postgres.mask;

import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of a RowDescription: {@code cstring name | int32 table oid | int16 attnum | int32 type oid |
 * int16 typlen | int32 typmod | int16 format}.
 */
public record Field(String name, int tableOid, short attributeNumber, int typeOid, short format) {
    public static final short TEXT = 0;
    public static final short BINARY = 1;

    /** The fields of a whole {@code 'T'} frame. */
    public static List<Field> decodeAll(ByteBuf frame) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        int count = body.readUnsignedShort();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = PgWire.readCString(body);
            int table = body.readInt();
            short attnum = body.readShort();
            int type = body.readInt();
            body.skipBytes(2 + 4);
            fields.add(new Field(name, table, attnum, type, body.readShort()));
        }
        return fields;
    }

    public Field withFormat(short newFormat) {
        return new Field(name, tableOid, attributeNumber, typeOid, newFormat);
    }
}

package dev.sluice.postgres.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting COPY OUT rows into values and writing values back as PostgreSQL writes them. */
class CopyRowCodecTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** Values of the row (null for the NULL marker). */
    private static List<String> values(CopyFormat format, String row) {
        CopyRowCodec codec = new CopyRowCodec(format);
        ByteBuf buf = bytes(row);
        int n = codec.split(buf, 0, buf.writerIndex());
        if (n < 0) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(codec.isNull(buf, i) ? null : codec.value(buf, i));
        }
        return values;
    }

    /** The row with field {@code i} replaced by {@code value}, as the codec writes it. */
    private static String rewritten(CopyFormat format, String row, int i, String value) {
        CopyRowCodec codec = new CopyRowCodec(format);
        ByteBuf buf = bytes(row);
        codec.split(buf, 0, buf.writerIndex());
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(buf, 0, codec.rawStart(i));
        codec.write(out, i, value);
        out.writeBytes(buf, codec.rawEnd(i), buf.writerIndex() - codec.rawEnd(i));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textFieldsAreUnescapedAndTheNullMarkerIsNull() {
        assertThat(values(CopyFormat.TEXT, "1\tann\\tsmith\\\\x\t\\N\tline\\nbreak\t\\101\\x42\t"))
                .containsExactly("1", "ann\tsmith\\x", null, "line\nbreak", "AB", "");
    }

    @Test
    void textEscapedDelimiterStaysInsideItsField() {
        CopyFormat pipes = CopyFormat.of(CopyFormat.Kind.TEXT, "|", "NULL", null, null, false);
        assertThat(values(pipes, "a\\|b|NULL|\\N")).containsExactly("a|b", null, "N");
    }

    @Test
    void textValuesAreWrittenWithPostgresEscapes() {
        assertThat(rewritten(CopyFormat.TEXT, "1\tx\t3", 1, "a\tb\\c\nd\re"))
                .isEqualTo("1\ta\\tb\\\\c\\nd\\re\t3");
        assertThat(rewritten(CopyFormat.TEXT, "1\tx\t3", 1, null)).isEqualTo("1\t\\N\t3");
        assertThat(rewritten(CopyFormat.TEXT, "1\tx", 1, "ünï€😀")).isEqualTo("1\tünï€😀");
    }

    @Test
    void textRoundTripsMultibyteUtf8() {
        assertThat(values(CopyFormat.TEXT, "Zoë\t東京\\t😀")).containsExactly("Zoë", "東京\t😀");
    }

    @Test
    void csvQuotedFieldsHoldDelimitersQuotesAndNewlines() {
        assertThat(values(CopyFormat.CSV, "1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"\""))
                .containsExactly("1", "a,b", "say \"hi\"", "two\nlines", null, "");
    }

    @Test
    void csvCustomQuoteEscapeAndNull() {
        CopyFormat format = CopyFormat.of(CopyFormat.Kind.CSV, ";", "NULL", "'", "\\", false);
        assertThat(values(format, "'it\\'s';NULL;'NULL';x\\y")).containsExactly("it's", null, "NULL", "x\\y");
        assertThat(rewritten(format, "a;b", 1, "o'k;\\")).isEqualTo("a;'o\\'k;\\\\'");
    }

    @Test
    void csvValuesAreQuotedOnlyWhenNeededOrWhenTheyCameQuoted() {
        assertThat(rewritten(CopyFormat.CSV, "1,x,3", 1, "****")).isEqualTo("1,****,3");
        assertThat(rewritten(CopyFormat.CSV, "1,x,3", 1, "a,\"b\"")).isEqualTo("1,\"a,\"\"b\"\"\",3");
        assertThat(rewritten(CopyFormat.CSV, "1,\"x\",3", 1, "****")).isEqualTo("1,\"****\",3");
        assertThat(rewritten(CopyFormat.CSV, "1,x,3", 1, "")).isEqualTo("1,\"\",3");
        assertThat(rewritten(CopyFormat.CSV, "1,x,3", 1, null)).isEqualTo("1,,3");
        assertThat(rewritten(CopyFormat.CSV, "1,x", 1, "line\nbreak")).isEqualTo("1,\"line\nbreak\"");
    }

    @Test
    void malformedCsvIsNotSplit() {
        assertThat(values(CopyFormat.CSV, "1,\"open")).isNull();
        assertThat(values(CopyFormat.CSV, "1,\"a\"b")).isNull();
    }
}

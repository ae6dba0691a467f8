package dev.sluice.postgres.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What COPY statements tell about the rows they stream. */
class CopyStatementTest {

    @Test
    void queryFormIsDescribedByItsQuery() {
        CopyStatement copy = CopyStatement.parse("COPY (SELECT email FROM customers WHERE id = 1) TO STDOUT WITH (FORMAT csv, HEADER)");
        assertThat(copy.unsupported()).isNull();
        assertThat(copy.describeSql()).isEqualTo("SELECT email FROM customers WHERE id = 1");
        assertThat(copy.format().kind()).isEqualTo(CopyFormat.Kind.CSV);
        assertThat(copy.format().header()).isTrue();
        assertThat(copy.tableText()).isNull();
    }

    @Test
    void tableFormsAreDescribedAsSelects() {
        CopyStatement all = CopyStatement.parse("copy public.\"Customers\" to stdout");
        assertThat(all.describeSql()).isEqualTo("SELECT * FROM public.\"Customers\"");
        assertThat(all.tableText()).isEqualTo("public.\"Customers\"");
        assertThat(all.format().kind()).isEqualTo(CopyFormat.Kind.TEXT);
        CopyStatement listed = CopyStatement.parse("COPY customers (id, email) TO STDOUT");
        assertThat(listed.describeSql()).isEqualTo("SELECT id, email FROM customers");
        assertThat(listed.tableText()).isNull();
    }

    @Test
    void legacyOptionsAreRead() {
        CopyStatement copy = CopyStatement.parse("COPY t TO STDOUT WITH DELIMITER AS ';' NULL AS 'nil' CSV HEADER QUOTE AS '''' FORCE QUOTE *");
        assertThat(copy.unsupported()).isNull();
        assertThat(copy.format().delimiter()).isEqualTo((byte) ';');
        assertThat(new String(copy.format().nullBytes())).isEqualTo("nil");
        assertThat(copy.format().quote()).isEqualTo((byte) '\'');
        assertThat(copy.format().header()).isTrue();
    }

    @Test
    void binaryIsRecognisedInBothSyntaxes() {
        assertThat(CopyStatement.parse("COPY t TO STDOUT (FORMAT binary)").format().kind()).isEqualTo(CopyFormat.Kind.BINARY);
        assertThat(CopyStatement.parse("COPY BINARY t TO STDOUT").format().kind()).isEqualTo(CopyFormat.Kind.BINARY);
    }

    @Test
    void unknownOptionsAndEncodingsAreUnsupported() {
        assertThat(CopyStatement.parse("COPY t TO STDOUT (FORMAT csv, FUTURE_OPTION 1)").unsupported()).contains("future_option");
        assertThat(CopyStatement.parse("COPY t TO STDOUT (ENCODING 'LATIN1')").unsupported()).contains("LATIN1");
        assertThat(CopyStatement.parse("COPY t TO STDOUT (DELIMITER '||')").unsupported()).contains("DELIMITER");
        assertThat(CopyStatement.parse("COPY t TO STDOUT (FORMAT csv, HEADER match)").unsupported()).isNotNull();
    }

    @Test
    void otherStatementsAreNotCopyOut() {
        assertThat(CopyStatement.parse("COPY t FROM STDIN")).isNull();
        assertThat(CopyStatement.parse("COPY t TO '/tmp/x'")).isNull();
        assertThat(CopyStatement.parse("SELECT 1")).isNull();
        assertThat(CopyStatement.inQuery("SELECT 1; COPY t TO STDOUT; COPY u FROM STDIN")).hasSize(1);
    }

    @Test
    void unqualifiedNamesAreTheOnesASearchPathResolves() {
        assertThat(CopyDescriber.unqualifiedNames("SELECT c.email FROM public.customers c JOIN orders o ON true"))
                .contains("select", "orders", "o")
                .doesNotContain("public", "customers", "email");
    }
}

package dev.sluice.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskersTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static String text(Masker masker, String value) {
        MaskedValue masked = masker.mask(value);
        assertThat(masked).isInstanceOf(MaskedValue.Text.class);
        return ((MaskedValue.Text) masked).text();
    }

    @Test
    void redactReplacesTheValueWithAFixedString() {
        assertThat(text(RedactMasker.DEFAULT, "hunter2")).isEqualTo("****");
        assertThat(text(new RedactMasker("[hidden]", false, '*'), "x")).isEqualTo("[hidden]");
        assertThat(RedactMasker.DEFAULT.mayChangeLength()).isTrue();
    }

    @Test
    void redactKeepingLengthCountsCharactersNotBytes() {
        RedactMasker keep = new RedactMasker("****", true, '#');
        assertThat(text(keep, "Zoë 😀")).isEqualTo("#####");
        assertThat(keep.mayChangeLength()).isFalse();
    }

    @Test
    void partialKeepsTheLastCharacters() {
        PartialMasker last4 = new PartialMasker(0, 4, '*');
        assertThat(text(last4, "4242424242424242")).isEqualTo("************4242");
        assertThat(text(new PartialMasker(2, 2, 'x'), "abcdefg")).isEqualTo("abxxxfg");
    }

    @Test
    void partialMasksAValueTooShortToHideAnythingEntirely() {
        assertThat(text(new PartialMasker(0, 4, '*'), "4242")).isEqualTo("****");
        assertThat(text(new PartialMasker(0, 4, '*'), "42")).isEqualTo("**");
        assertThat(text(new PartialMasker(0, 4, '*'), "")).isEmpty();
    }

    @Test
    void partialCountsSurrogatePairsAsOneCharacter() {
        assertThat(text(new PartialMasker(1, 1, '*'), "😀ab😀")).isEqualTo("😀**😀");
    }

    @Test
    void hashIsDeterministicPerKeyAndHasAFixedLength() {
        HashMasker hash = new HashMasker(KEY, 16);
        String a = text(hash, "alice@example.com");
        assertThat(a).startsWith("h:").hasSize(18).matches("h:[a-z2-7]{16}");
        assertThat(text(hash, "alice@example.com")).isEqualTo(a);
        assertThat(text(hash, "bob@example.com")).isNotEqualTo(a);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThat(text(new HashMasker(otherKey, 16), "alice@example.com")).isNotEqualTo(a);
        assertThat(text(new HashMasker(KEY, HashMasker.MAX_LENGTH), "x")).hasSize(2 + HashMasker.MAX_LENGTH);
    }

    @Test
    void hashRefusesAShortKeyAndNeverPrintsIt() {
        assertThatThrownBy(() -> new HashMasker(new byte[8], 16)).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> new HashMasker(KEY, 4)).hasMessageContaining("between 8 and 51");
        assertThat(new HashMasker(KEY, 16).toString()).contains("****").doesNotContain("0123456789");
    }

    @Test
    void emailKeepsTheDomainAndTheShapeOfAnAddress() {
        assertThat(text(EmailMasker.keepingFirst(1), "alice@example.com")).isEqualTo("a***@example.com");
        assertThat(text(EmailMasker.keepingFirst(0), "alice@example.com")).isEqualTo("***@example.com");
        assertThat(text(EmailMasker.keepingFirst(3), "al@example.com")).isEqualTo("a***@example.com");
    }

    @Test
    void emailWithAHashedLocalPartStillJoins() {
        EmailMasker hashed = EmailMasker.hashingLocalPart(KEY, 12);
        String a = text(hashed, "alice@example.com");
        assertThat(a).matches("[a-z2-7]{12}@example\\.com");
        assertThat(text(hashed, "alice@example.com")).isEqualTo(a);
        assertThat(text(hashed, "alice@other.example")).startsWith(a.substring(0, 12));
    }

    @Test
    void emailRedactsAValueThatIsNotAnAddress() {
        assertThat(text(EmailMasker.keepingFirst(1), "not an address")).isEqualTo("****");
        assertThat(text(EmailMasker.keepingFirst(1), "@example.com")).isEqualTo("****");
        assertThat(text(EmailMasker.keepingFirst(1), "bob@")).isEqualTo("****");
    }

    @Test
    void nullMakesTheValueSqlNullAndIsTheOnlyMaskerValidForAnyType() {
        assertThat(NullMasker.INSTANCE.mask("x")).isSameAs(MaskedValue.SqlNull.INSTANCE);
        assertThat(NullMasker.INSTANCE.preservesAnyType()).isTrue();
        assertThat(RedactMasker.DEFAULT.preservesAnyType()).isFalse();
        assertThat(new PartialMasker(0, 4, '*').preservesAnyType()).isFalse();
        assertThat(new HashMasker(KEY, 16).preservesAnyType()).isFalse();
        assertThat(EmailMasker.keepingFirst(1).preservesAnyType()).isFalse();
    }

    @Test
    void maskedTextNeverPrintsItsValue() {
        assertThat(MaskedValue.text("secret").toString()).doesNotContain("secret");
    }
}

package dev.sluice.policy.mask;

import static dev.sluice.policy.mask.DetectorTesting.found;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexDetectorTest {

    @Test
    void findsEveryMatchOfTheOperatorsPattern() {
        RegexDetector tickets = RegexDetector.compile("ticket_id", "TCK-[0-9]{6}", false);
        assertThat(found(tickets, "see TCK-123456 and TCK-654321, not TCK-12")).containsExactly("TCK-123456", "TCK-654321");
        assertThat(tickets.matchesWhole("TCK-123456")).isTrue();
    }

    @Test
    void caseInsensitivePatternsMatchAnyCase() {
        RegexDetector d = RegexDetector.compile("code", "secret-[a-z]+", true);
        assertThat(found(d, "SECRET-ABC")).containsExactly("SECRET-ABC");
    }

    @Test
    void theClassicNestedQuantifierFinishesWithoutAMatch() {
        // JDK 9+ memoises (a+)+ so this one stays within budget; the guard is for patterns it cannot save.
        RegexDetector nested = RegexDetector.compile("nested", "(a+)+$", false);
        assertThat(found(nested, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")).isEmpty();
        assertThat(nested.budgetExceededCount()).isZero();
    }

    @Test
    void catastrophicBacktrackingStopsAndFailsClosed() {
        RegexDetector evil = RegexDetector.compile("evil", "((a+)+)+$", false);
        String value = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
        List<int[]> spans = new ArrayList<>();
        List<String> exceeded = new ArrayList<>();
        evil.find(value, new MatchSink() {
            @Override
            public void match(int start, int end) {
                spans.add(new int[] {start, end});
            }

            @Override
            public void budgetExceeded(String detector) {
                exceeded.add(detector);
            }
        });
        assertThat(exceeded).containsExactly("evil");
        assertThat(spans).singleElement().satisfies(s -> assertThat(s).containsExactly(0, value.length()));
        assertThat(evil.budgetExceededCount()).isEqualTo(1);
    }

    @Test
    void theDetectorStaysUsableAfterItsBudgetRanOut() {
        RegexDetector evil = RegexDetector.compile("evil", "((a+)+)+$", false);
        found(evil, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
        assertThat(found(evil, "xx aaa")).containsExactly("aaa");
        assertThat(found(evil, "no match!")).isEmpty();
    }

    @Test
    void partsSearchedBeforeTheBudgetRanOutKeepTheirMatches() {
        RegexDetector d = RegexDetector.compile("d", "k[0-9]|((a+)+)+$", false);
        String value = "k1 " + "a".repeat(40) + "!";
        assertThat(found(d, value)).containsExactly("k1", value.substring(2));
    }

    @Test
    void anUnboundedRepetitionOfDotStarIsStoppedToo() {
        RegexDetector evil = RegexDetector.compile("evil", "(.*){1,32000}[bc]", false);
        assertThat(found(evil, "a".repeat(40) + "!")).containsExactly("a".repeat(40) + "!");
        assertThat(evil.budgetExceededCount()).isEqualTo(1);
    }

    @Test
    void aPatternMatchingTheEmptyStringIsRefused() {
        assertThatThrownBy(() -> RegexDetector.compile("d", "a*", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty string");
        assertThatThrownBy(() -> RegexDetector.compile("d", "", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void zeroLengthMatchesAreNotReported() {
        RegexDetector d = RegexDetector.compile("d", "(?=q)|y", false);
        assertThat(found(d, "ab y q")).containsExactly("y");
    }

    @Test
    void aPatternThatDoesNotCompileIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RegexDetector.compile("d", "TCK-[0-9", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("regex does not compile: Unclosed character class");
    }
}

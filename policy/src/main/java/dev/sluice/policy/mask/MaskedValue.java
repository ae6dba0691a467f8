package dev.sluice.policy.mask;

/** What a {@link Masker} turns a value into: replacement text, or SQL NULL. */
public sealed interface MaskedValue permits MaskedValue.Text, MaskedValue.SqlNull {

    static MaskedValue text(String text) {
        return new Text(text);
    }

    record Text(String text) implements MaskedValue {
        @Override
        public String toString() {
            return "Text[****]";
        }
    }

    /** The value is sent as SQL NULL. */
    enum SqlNull implements MaskedValue {
        INSTANCE
    }
}

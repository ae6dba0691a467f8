package dev.sluice.policy.mask;

/** Replaces the value with SQL NULL: valid for every column type and format. */
public final class NullMasker implements Masker {

    public static final NullMasker INSTANCE = new NullMasker();

    private NullMasker() {}

    @Override
    public String name() {
        return "null";
    }

    @Override
    public MaskedValue mask(String value) {
        return MaskedValue.SqlNull.INSTANCE;
    }

    @Override
    public boolean preservesAnyType() {
        return true;
    }
}

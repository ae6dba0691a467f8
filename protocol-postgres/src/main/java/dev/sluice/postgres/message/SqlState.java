package dev.sluice.postgres.message;

/** The SQLSTATE codes Sluice itself reports to clients. */
public enum SqlState {
    CONNECTION_FAILURE("08006"),
    UNABLE_TO_CONNECT("08001"),
    PROTOCOL_VIOLATION("08P01"),
    FEATURE_NOT_SUPPORTED("0A000"),
    INVALID_AUTHORIZATION("28000"),
    INVALID_PASSWORD("28P01"),
    INSUFFICIENT_PRIVILEGE("42501"),
    TOO_MANY_CONNECTIONS("53300"),
    ADMIN_SHUTDOWN("57P01"),
    QUERY_CANCELED("57014"),
    INTERNAL_ERROR("XX000"),
    /** The SQLSTATE of notices that report no error. */
    SUCCESSFUL_COMPLETION("00000");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

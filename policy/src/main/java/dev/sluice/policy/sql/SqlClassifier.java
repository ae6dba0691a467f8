package dev.sluice.policy.sql;

/** Classifies the text of one simple-protocol Query (or one Parse) message. Never throws on any input. */
public interface SqlClassifier {
    SqlClassification classify(String sql);
}

package dev.sluice.policy;

import dev.sluice.policy.mask.MaskPlan;

/** Which masking applies to an identity's session on a connection; {@link MaskPlan#NONE} when none does. */
@FunctionalInterface
public interface MaskPolicy {
    MaskPolicy NONE = request -> MaskPlan.NONE;

    MaskPlan planFor(ConnectRequest request);
}

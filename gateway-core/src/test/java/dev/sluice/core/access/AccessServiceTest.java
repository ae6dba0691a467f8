package dev.sluice.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.identity.Identity;
import dev.sluice.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessServiceTest {
    /** A Wednesday, 10:00 in Paris. */
    static final Instant START = Instant.parse("2026-11-18T09:00:00Z");
    static final Identity ALICE = identity("alice", "dev");
    static final Identity BOB = identity("bob", "dba");
    static final Identity CAROL = identity("carol", "dba", "security");
    static final Identity DAVE = identity("dave", "security");
    static final Identity ERIN = identity("erin", "dev");

    @TempDir
    Path data;

    final MutableClock clock = new MutableClock(START);

    static Identity identity(String subject, String... groups) {
        return new Identity(subject, Set.of(groups), "https://idp.example", "test-idp", START.plusSeconds(86_400));
    }

    static NewRequest readOrders(Duration ttl, Integer uses) {
        return new NewRequest("orders", Scope.of("read"), ttl, uses, UseUnit.OPERATIONS, "INC-42 look at stuck orders");
    }

    AccessService service(Approvers approvers) throws IOException {
        return service(approvers, AutoApprover.NONE);
    }

    AccessService service(Approvers approvers, AutoApprover auto) throws IOException {
        return new AccessService(FileAccessStore.open(data), Approvers.Policy.fixed(approvers), auto, AccessSettings.DEFAULTS, clock);
    }

    static Approvers dba() {
        return new Approvers(List.of("dba"), Quorum.ANY);
    }

    @Test
    void anApprovedRequestGrantsAccessThatStartsAtApproval() throws IOException {
        AccessService access = service(dba());
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));
        clock.advance(Duration.ofMinutes(5));

        AccessRequest approved = access.approve(request.id(), BOB, "ok for INC-42");
        GrantUse use = access.useGrant("alice", "orders", Scope.of("select"));

        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.approvers()).containsExactly("dba");
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.answers()).singleElement().satisfies(a -> {
            assertThat(a.approver()).isEqualTo("bob");
            assertThat(a.comment()).isEqualTo("ok for INC-42");
        });
        Grant grant = access.findGrant(approved.grantId()).orElseThrow();
        assertThat(grant.subject()).isEqualTo("alice");
        assertThat(grant.notAfter()).isEqualTo(START.plus(Duration.ofMinutes(20)));
        assertThat(use).isInstanceOf(GrantUse.Granted.class);
    }

    @Test
    void aReadGrantDoesNotCoverWrites() throws IOException {
        AccessService access = service(dba());
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), null)).id(), BOB, null);

        GrantUse use = access.useGrant("alice", "orders", Scope.of("delete"));

        assertThat(use).isEqualTo(new GrantUse.Refused(GrantUse.Reason.NONE,
                "alice has no grant for delete on orders; request access with sluice request"));
    }

    @Test
    void nobodyApprovesTheirOwnRequest() throws IOException {
        AccessService access = service(new Approvers(List.of("dev", "dba"), Quorum.ANY));
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        assertThatThrownBy(() -> access.approve(request.id(), ALICE, "me"))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.kind()).isEqualTo(AccessException.Kind.SELF_APPROVAL))
                .hasMessage("alice made request " + request.id() + " and cannot answer it; another approver must");
        assertThat(access.findRequest(request.id()).orElseThrow().pending()).isTrue();
    }

    @Test
    void someoneOutsideTheApproverGroupsCannotApprove() throws IOException {
        AccessService access = service(dba());
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        assertThatThrownBy(() -> access.approve(request.id(), ERIN, null))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.kind()).isEqualTo(AccessException.Kind.FORBIDDEN))
                .hasMessage("erin is not in an approver group (dba) of request " + request.id());
    }

    @Test
    void quorumAnyNeedsOneApproval() throws IOException {
        AccessService access = service(new Approvers(List.of("dba", "security"), Quorum.ANY));
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        assertThat(access.approve(request.id(), DAVE, null).status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void quorumAllNeedsAnApproverFromEachGroup() throws IOException {
        AccessService access = service(new Approvers(List.of("dba", "security"), Quorum.ALL));
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        AccessRequest afterBob = access.approve(request.id(), BOB, null);
        AccessRequest afterDave = access.approve(request.id(), DAVE, null);

        assertThat(afterBob.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(afterDave.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(afterDave.answers()).extracting(Answer::groups).containsExactly(Set.of("dba"), Set.of("security"));
    }

    @Test
    void quorumOfTwoNeedsTwoDistinctApprovers() throws IOException {
        AccessService access = service(new Approvers(List.of("dba", "security"), Quorum.of(2)));
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        AccessRequest afterCarol = access.approve(request.id(), CAROL, null);

        assertThat(afterCarol.status()).isEqualTo(RequestStatus.PENDING);
        assertThatThrownBy(() -> access.approve(request.id(), CAROL, "again"))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.kind()).isEqualTo(AccessException.Kind.CONFLICT))
                .hasMessage("carol already answered request " + request.id());
        assertThat(access.approve(request.id(), BOB, null).status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void oneDenialDeniesAndLeavesNoGrant() throws IOException {
        AccessService access = service(new Approvers(List.of("dba", "security"), Quorum.of(2)));
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));
        access.approve(request.id(), BOB, null);

        AccessRequest denied = access.deny(request.id(), DAVE, "not during the freeze");

        assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
        assertThat(denied.grantId()).isNull();
        assertThat(access.grants()).isEmpty();
        assertThatThrownBy(() -> access.approve(request.id(), CAROL, null))
                .hasMessage("request " + request.id() + " is already denied");
    }

    @Test
    void aPendingRequestExpiresAndCanNoLongerBeApproved() throws IOException {
        AccessService access = service(dba());
        List<AccessRequest> answered = new CopyOnWriteArrayList<>();
        access.addListener(new AccessListener() {
            @Override
            public void onAnswer(AccessRequest request) {
                answered.add(request);
            }
        });
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));
        clock.advance(AccessSettings.DEFAULT_PENDING_TIMEOUT);

        access.sweep();

        assertThat(access.findRequest(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(answered).extracting(AccessRequest::status).containsExactly(RequestStatus.EXPIRED);
        assertThatThrownBy(() -> access.approve(request.id(), BOB, null)).hasMessage("request " + request.id() + " is already expired");
    }

    @Test
    void anExpiredGrantIsRefusedEvenBeforeASweep() throws IOException {
        AccessService access = service(dba());
        List<GrantStatus> ended = new CopyOnWriteArrayList<>();
        access.addListener(new AccessListener() {
            @Override
            public void onGrantEnded(Grant grant, GrantStatus reason) {
                ended.add(reason);
            }
        });
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), null)).id(), BOB, null);
        clock.advance(Duration.ofMinutes(15));

        GrantUse use = access.useGrant("alice", "orders", Scope.of("select"));

        assertThat(use).isInstanceOfSatisfying(GrantUse.Refused.class, r -> assertThat(r.reason()).isEqualTo(GrantUse.Reason.EXPIRED));
        assertThat(ended).containsExactly(GrantStatus.EXPIRED);
        assertThat(access.grants()).singleElement().extracting(Grant::status).isEqualTo(GrantStatus.EXPIRED);
    }

    @Test
    void theSweepExpiresGrantsAndTellsListeners() throws IOException {
        AccessService access = service(dba());
        List<Grant> ended = new CopyOnWriteArrayList<>();
        access.addListener(new AccessListener() {
            @Override
            public void onGrantEnded(Grant grant, GrantStatus reason) {
                ended.add(grant);
            }
        });
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), null)).id(), BOB, null);
        clock.advance(Duration.ofMinutes(16));

        access.sweep();

        assertThat(ended).singleElement().satisfies(g -> {
            assertThat(g.status()).isEqualTo(GrantStatus.EXPIRED);
            assertThat(g.endedBy()).isEqualTo(Grant.SYSTEM);
        });
    }

    @Test
    void aSingleUseGrantIsRefusedOnItsSecondUse() throws IOException {
        AccessService access = service(dba());
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), 1)).id(), BOB, null);

        GrantUse first = access.useGrant("alice", "orders", Scope.of("select"));
        GrantUse second = access.useGrant("alice", "orders", Scope.of("select"));

        assertThat(first).isInstanceOfSatisfying(GrantUse.Granted.class, g -> {
            assertThat(g.grant().usesLeft()).isZero();
            assertThat(g.grant().status()).isEqualTo(GrantStatus.EXHAUSTED);
        });
        assertThat(second).isInstanceOfSatisfying(GrantUse.Refused.class, r -> assertThat(r.reason()).isEqualTo(GrantUse.Reason.EXHAUSTED));
    }

    @Test
    void anotherIdentityCannotUseTheGrant() throws IOException {
        AccessService access = service(dba());
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), null)).id(), BOB, null);

        GrantUse use = access.useGrant("erin", "orders", Scope.of("select"));

        assertThat(use).isInstanceOfSatisfying(GrantUse.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(GrantUse.Reason.OTHER_IDENTITY));
    }

    @Test
    void revocationEndsTheGrantAndTellsListeners() throws IOException {
        AccessService access = service(dba());
        List<String> ended = new CopyOnWriteArrayList<>();
        access.addListener(new AccessListener() {
            @Override
            public void onGrantEnded(Grant grant, GrantStatus reason) {
                ended.add(grant.id() + " " + reason + " by " + grant.endedBy() + ": " + grant.endReason());
            }
        });
        AccessRequest approved = access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), null)).id(), BOB, null);

        access.revoke(approved.grantId(), "bob", "INC-42 closed");
        GrantUse use = access.useGrant("alice", "orders", Scope.of("select"));

        assertThat(ended).containsExactly(approved.grantId() + " REVOKED by bob: INC-42 closed");
        assertThat(use).isInstanceOfSatisfying(GrantUse.Refused.class, r -> assertThat(r.reason()).isEqualTo(GrantUse.Reason.REVOKED));
        assertThatThrownBy(() -> access.revoke(approved.grantId(), "bob", "again")).hasMessage("grant " + approved.grantId() + " is already revoked");
    }

    @Test
    void autoApprovalNamesItsRule() throws IOException {
        AutoApprover auto = new ReadOnlyAutoApprover("agents-read", Duration.ofSeconds(30), 1,
                BusinessHours.weekdays(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0), LocalTime.of(18, 0)));
        AccessService access = service(dba(), auto);
        List<AccessRequest> created = new ArrayList<>();
        access.addListener(new AccessListener() {
            @Override
            public void onRequest(AccessRequest request) {
                created.add(request);
            }
        });

        AccessRequest lowRisk = access.request(ALICE, readOrders(Duration.ofSeconds(30), 1));
        AccessRequest tooLong = access.request(ALICE, readOrders(Duration.ofMinutes(5), 1));
        AccessRequest writes = access.request(ALICE, new NewRequest("orders", Scope.of("write"), Duration.ofSeconds(30), 1, null, "fix"));
        clock.set(Instant.parse("2026-11-21T10:00:00Z"));
        AccessRequest saturday = access.request(ALICE, readOrders(Duration.ofSeconds(30), 1));

        assertThat(lowRisk.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(lowRisk.answers()).singleElement().satisfies(a -> {
            assertThat(a.approver()).isEqualTo("policy:agents-read");
            assertThat(a.automatic()).isTrue();
        });
        assertThat(List.of(tooLong, writes, saturday)).extracting(AccessRequest::status).containsOnly(RequestStatus.PENDING);
        assertThat(created).hasSize(4);
    }

    @Test
    void requestsAreValidated() throws IOException {
        AccessService access = service(dba());

        assertThatThrownBy(() -> access.request(ALICE, readOrders(Duration.ofHours(9), null)))
                .hasMessage("ttl must be positive and at most 28800s, got 32400s");
        assertThatThrownBy(() -> access.request(ALICE, new NewRequest("orders", Scope.of("read"), Duration.ofMinutes(1), 0, null, "x")))
                .hasMessage("uses must be 1-10000, got 0");
        assertThatThrownBy(() -> access.request(ALICE, new NewRequest("orders", Scope.of("read"), Duration.ofMinutes(1), null, null, " ")))
                .hasMessage("a request gives a reason of 1-1000 characters");
    }

    @Test
    void onlyTheRequesterCancels() throws IOException {
        AccessService access = service(dba());
        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(15), null));

        assertThatThrownBy(() -> access.cancel(request.id(), ERIN)).hasMessage("erin did not make request " + request.id() + " and cannot cancel it");
        assertThat(access.cancel(request.id(), ALICE).status()).isEqualTo(RequestStatus.CANCELLED);
    }

    @Test
    void aPendingRequestSurvivesARestartAndIsApprovedAfterIt() throws IOException {
        AccessService before = service(dba());
        AccessRequest request = before.request(ALICE, readOrders(Duration.ofMinutes(15), 2));
        before.close();

        AccessService after = service(dba());
        AccessRequest approved = after.approve(request.id(), BOB, "after restart");
        after.useGrant("alice", "orders", Scope.of("select"));
        AccessService third = service(dba());

        assertThat(after.findRequest(request.id()).orElseThrow().createdAt()).isEqualTo(START);
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(third.findGrant(approved.grantId()).orElseThrow().usesLeft()).isEqualTo(1);
        assertThat(third.findRequest(request.id())).contains(approved);
    }

    @Test
    void theFirstAutoApproverThatApprovesNamesTheRule() throws IOException {
        AutoApprover rules = AutoApprover.firstOf(List.of(
                new ReadOnlyAutoApprover("short-reads", Duration.ofMinutes(1), null, null),
                new ReadOnlyAutoApprover("incident-reads", Duration.ofHours(1), null, null)));
        AccessService access = service(dba(), rules);

        AccessRequest request = access.request(ALICE, readOrders(Duration.ofMinutes(30), null));

        assertThat(request.answers()).extracting(Answer::approver).containsExactly("policy:incident-reads");
    }

    @Test
    void concurrentUsesNeverTakeMoreThanTheGrantAllows() throws Exception {
        AccessService access = service(dba());
        access.approve(access.request(ALICE, readOrders(Duration.ofMinutes(15), 5)).id(), BOB, null);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<GrantUse>> uses = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            uses.add(threads.submit(() -> access.useGrant("alice", "orders", Scope.of("select"))));
        }
        long granted = 0;
        for (java.util.concurrent.Future<GrantUse> use : uses) {
            granted += use.get() instanceof GrantUse.Granted ? 1 : 0;
        }
        threads.shutdown();

        assertThat(granted).isEqualTo(5);
    }
}

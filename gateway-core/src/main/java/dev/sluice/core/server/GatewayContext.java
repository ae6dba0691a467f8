package dev.sluice.core.server;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.identity.TokenAuthenticator;
import dev.sluice.core.vault.Vault;
import dev.sluice.policy.ConnectPolicy;
import dev.sluice.policy.MaskPolicy;
import dev.sluice.policy.OperationPolicy;
import dev.sluice.policy.RecordingPolicy;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.audit.AuditRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.Executor;

/**
 * What every protocol module is given: configuration and the shared services.
 *
 * @param connectPolicy decides whether a session may start, with the policy in force at each call
 * @param operationPolicy decides each operation of a session, with the policy in force at each call
 * @param blockingExecutor for work that may block (token validation fetching keys, reading vault files); never
 *                         run it on an event loop
 * @param workers the event loops that serve client and backend channels
 * @param recorder where sessions are recorded
 * @param access just-in-time grants and approval requests
 */
public record GatewayContext(
        SluiceConfig config,
        TokenAuthenticator authenticator,
        ConnectPolicy connectPolicy,
        OperationPolicy operationPolicy,
        MaskPolicy maskPolicy,
        RecordingPolicy recordingPolicy,
        AuditRecorder recorder,
        AccessService access,
        Vault vault,
        MeterRegistry meters,
        Executor blockingExecutor,
        EventLoopGroup workers) {}

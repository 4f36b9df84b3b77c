package dev.otalab.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.agent.config.AgentConfig.MqttSection;
import dev.otalab.agent.support.TcpProxy;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's MQTT presence against the real Mosquitto on 127.0.0.1:1883, reached through a TCP
 * proxy the test can cut: the broker must publish the last will {@code offline} when the agent's
 * connection drops, and the agent must come back {@code online} by itself. Each test uses its own
 * topic and clears its retained message afterwards.
 */
class MqttPresenceTest {

    static final String BROKER = "127.0.0.1";
    static final int BROKER_PORT = 1883;

    record Msg(String payload, boolean retained) {
    }

    private Vertx vertx;
    private TcpProxy proxy;
    private String prefix;
    private String agentId;
    private MqttPresence presence;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        proxy = new TcpProxy(BROKER, BROKER_PORT);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        prefix = "otalab-test/" + unique + "/agents";
        agentId = "pi-" + unique;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (presence != null) {
            presence.close();
        }
        // leave nothing retained on the shared broker
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("clean-" + agentId));
        c.connect(BROKER_PORT, BROKER).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        c.publish(MqttPresence.statusTopic(prefix, agentId), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        c.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private BlockingQueue<Msg> subscribe(String topic) throws Exception {
        BlockingQueue<Msg> q = new LinkedBlockingQueue<>();
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("sub-" + UUID.randomUUID()));
        c.publishHandler(m -> q.add(new Msg(m.payload().toString(), m.isRetain())));
        c.connect(BROKER_PORT, BROKER).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        c.subscribe(topic, 1).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return q;
    }

    private MqttSection section(int port) {
        return new MqttSection(BROKER, port, prefix, "otalab-agent-" + agentId, null, null, 5, null, null, null, 100L, 1000L);
    }

    private static Msg next(BlockingQueue<Msg> q) throws InterruptedException {
        Msg m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("an MQTT message within 10 s").isNotNull();
        return m;
    }

    @Test
    void willSaysOfflineWhenTheConnectionDropsAndTheAgentComesBackOnline() throws Exception {
        String topic = MqttPresence.statusTopic(prefix, agentId);
        assertThat(topic).isEqualTo(prefix + "/" + agentId + "/status");
        BlockingQueue<Msg> watcher = subscribe(topic);

        presence = new MqttPresence(vertx, section(proxy.port()), agentId);
        presence.start();
        assertThat(next(watcher).payload()).isEqualTo("online");
        assertThat(next(subscribe(topic))).as("retained for late subscribers").isEqualTo(new Msg("online", true));

        proxy.dropAll(); // no DISCONNECT: the broker publishes the will
        assertThat(next(watcher).payload()).isEqualTo("offline");
        assertThat(next(watcher).payload()).as("reconnected by itself").isEqualTo("online");
        assertThat(presence.connects()).isEqualTo(2);
        assertThat(presence.online()).isTrue();

        presence.close(); // orderly: offline published before DISCONNECT
        presence = null;
        assertThat(next(watcher).payload()).isEqualTo("offline");
        assertThat(next(subscribe(topic))).isEqualTo(new Msg("offline", true));
    }

    @Test
    void keepsRetryingWhileTheBrokerIsUnreachable() throws Exception {
        String topic = MqttPresence.statusTopic(prefix, agentId);
        BlockingQueue<Msg> watcher = subscribe(topic);
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        // the agent is started while nothing listens, then the "network" comes back on that port
        presence = new MqttPresence(vertx, section(deadPort), agentId);
        presence.start();
        Thread.sleep(700);
        assertThat(presence.online()).isFalse();
        assertThat(watcher.poll(200, TimeUnit.MILLISECONDS)).isNull();
        try (TcpProxy back = new TcpProxy(BROKER, BROKER_PORT, deadPort)) {
            assertThat(next(watcher).payload()).isEqualTo("online");
            assertThat(presence.online()).isTrue();
            presence.close();
            presence = null;
            assertThat(next(watcher).payload()).isEqualTo("offline");
        }
    }
}

package dev.otalab.jobs.health;

import dev.otalab.jobs.mqtt.AnswerPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while answers can be published. The incoming channel reports its own connection and
 * subscription through SmallRye Reactive Messaging's health checks; the database pool through the
 * reactive client's.
 */
@Readiness
@ApplicationScoped
public class AnswerPublisherReadiness implements HealthCheck {

    private final AnswerPublisher publisher;

    public AnswerPublisherReadiness(AnswerPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt-answer-publisher").status(publisher.isConnected()).build();
    }
}

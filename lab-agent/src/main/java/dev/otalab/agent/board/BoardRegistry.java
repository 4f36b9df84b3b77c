package dev.otalab.agent.board;

import dev.otalab.agent.config.AgentConfig;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.config.ConfigLoader;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The running agent's boards: reads the file named by {@code otalab.agent.config} and opens the
 * hardware at start-up. Any problem (bad file, missing serial device, unavailable GPIO line) is
 * thrown from here and stops Quarkus from starting, with a message naming the board and the
 * device or line.
 */
@Startup
@ApplicationScoped
public class BoardRegistry {

    private static final Logger LOG = Logger.getLogger(BoardRegistry.class);

    @ConfigProperty(name = "otalab.agent.config")
    Optional<String> configPath;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8091")
    int httpPort;

    private Lab lab;

    @PostConstruct
    void start() {
        if (configPath.isEmpty() || configPath.get().isBlank()) {
            throw new ConfigException("otalab.agent.config is not set: give the path of the agent's YAML"
                    + " configuration (-Dotalab.agent.config=/opt/otalab-agent/agent.yaml or OTALAB_AGENT_CONFIG)");
        }
        AgentConfig config = ConfigLoader.load(Path.of(configPath.get()), hostName(), httpPort);
        try {
            lab = Lab.start(config);
        } catch (ConfigException e) {
            LOG.errorf("refusing to start: %s", e.getMessage());
            throw e;
        }
        LOG.infof("agent '%s' serves %d board(s) from %s", config.agent().id(), config.boards().size(), configPath.get());
    }

    @PreDestroy
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    public Lab lab() {
        return lab;
    }

    public AgentConfig config() {
        return lab.config();
    }

    public Board get(String id) {
        return lab.board(id);
    }

    public List<dev.otalab.labapi.dto.BoardInfo> list() {
        return lab.list();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String h = System.getenv("HOSTNAME");
            return h == null ? "localhost" : h;
        }
    }
}

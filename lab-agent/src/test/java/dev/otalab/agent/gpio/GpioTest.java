package dev.otalab.agent.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import dev.otalab.agent.config.AgentConfig.Level;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.config.ConfigLoader;
import dev.otalab.agent.support.StateRecorder;
import dev.otalab.labapi.dto.LedState;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Button, relay and LED sensor on pi4j's mock provider. */
class GpioTest {

    private GpioLines gpio;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void setUp() {
        gpio = GpioLines.open(ConfigLoader.PROVIDER_MOCK, ConfigLoader.DEFAULT_LINES);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        gpio.close();
        scheduler.shutdownNow();
    }

    private GpioButton button(int line, Level active) {
        Level idle = active == Level.HIGH ? Level.LOW : Level.HIGH;
        return new GpioButton(gpio.output("board 'k' button", "k-button-" + line, line, idle, idle), line, active, scheduler);
    }

    @Test
    void aPressIsOnePulseOfTheRequestedLength() {
        GpioButton b = button(17, Level.HIGH);
        assertThat(b.output()).isInstanceOf(MockDigitalOutput.class);
        assertThat(b.output().state()).isEqualTo(DigitalState.LOW);
        StateRecorder rec = StateRecorder.on(b.output());
        long t0 = System.nanoTime();
        b.press(150);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        assertThat(rec.msBetween(0)).isBetween(150.0, 400.0);
        assertThat(took).as("press returns after the release").isGreaterThanOrEqualTo(150);
        assertThat(b.output().state()).isEqualTo(DigitalState.LOW);
        assertThat(b.pressed()).isFalse();
    }

    @Test
    void anActiveLowButtonPulsesLow() {
        GpioButton b = button(5, Level.LOW);
        assertThat(b.output().state()).isEqualTo(DigitalState.HIGH);
        StateRecorder rec = StateRecorder.on(b.output());
        b.press(40);
        assertThat(rec.states()).containsExactly(DigitalState.LOW, DigitalState.HIGH);
        assertThat(rec.msBetween(0)).isGreaterThanOrEqualTo(40.0);
    }

    @Test
    void holdReleasesByItselfOnlyWhenAskedAndANewActionCancelsATimedRelease() throws Exception {
        GpioButton b = button(17, Level.HIGH);
        StateRecorder rec = StateRecorder.on(b.output());
        b.hold(null);
        Thread.sleep(150);
        assertThat(b.output().state()).isEqualTo(DigitalState.HIGH);
        b.release();
        assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);

        rec.clear();
        b.hold(100L);
        assertThat(b.pressed()).isTrue();
        Thread.sleep(400);
        assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        assertThat(rec.msBetween(0)).isGreaterThanOrEqualTo(100.0);

        rec.clear();
        b.hold(100L);
        b.hold(null); // the first hold's timer must not release this one
        Thread.sleep(300);
        assertThat(b.output().state()).isEqualTo(DigitalState.HIGH);
        b.release();
        assertThat(b.output().state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void relayDrivesItsActiveLevelForOn() {
        var out = gpio.output("board 'k' power relay", "k-power", 27, Level.HIGH, null);
        RelayPower relay = new RelayPower(out, 27, Level.LOW);
        StateRecorder rec = StateRecorder.on(out);
        relay.set(true);
        relay.set(false);
        relay.set(true);
        assertThat(rec.states()).containsExactly(DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW);
        assertThat(relay.describe()).isEqualTo("relay on GPIO 27 (on = low)");
    }

    @Test
    void ledPeriodIsTheMeanTimeBetweenEdges() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        var in = gpio.input("board 'k' LED input", "k-led", 22, 0);
        LedSensor led = new LedSensor(in, 22, Level.HIGH, now::get);
        MockDigitalInput mock = (MockDigitalInput) in;
        long start = now.get();
        DigitalState s = DigitalState.LOW;
        for (int i = 0; i < 12; i++) { // toggles every 250 ms, first edge 100 ms into the window
            now.set(start + (100 + 250L * i) * 1_000_000L);
            s = s == DigitalState.LOW ? DigitalState.HIGH : DigitalState.LOW;
            mock.mockState(s);
            mock.mockState(s); // a repeated level is no edge
        }
        LedState st = led.summarize(start, start + 3000 * 1_000_000L, 3000);
        assertThat(st.edges()).isEqualTo(12);
        assertThat(st.periodMs()).isEqualTo(250);
        assertThat(st.on()).isFalse(); // 12 toggles from low end low
        assertThat(st.windowMs()).isEqualTo(3000);

        // only edges inside the window count
        LedState half = led.summarize(start, start + 1000 * 1_000_000L, 1000);
        assertThat(half.edges()).isEqualTo(4);
        assertThat(half.periodMs()).isEqualTo(250);

        LedState none = led.summarize(start + 4000 * 1_000_000L, start + 5000 * 1_000_000L, 1000);
        assertThat(none.edges()).isZero();
        assertThat(none.periodMs()).isNull();
    }

    @Test
    void ledObservesInRealTimeWithAnActiveLowInput() throws Exception {
        var in = gpio.input("board 'k' LED input", "k-led", 22, 0);
        LedSensor led = new LedSensor(in, 22, Level.LOW);
        MockDigitalInput mock = (MockDigitalInput) in;
        Thread blinker = new Thread(() -> {
            DigitalState s = DigitalState.LOW;
            for (int i = 0; i < 14; i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                s = s == DigitalState.LOW ? DigitalState.HIGH : DigitalState.LOW;
                mock.mockState(s);
            }
        });
        blinker.start();
        LedState st = led.observe(1000);
        blinker.join();
        assertThat(st.edges()).isBetween(8, 10);
        assertThat(st.periodMs()).isBetween(90L, 130L);
        assertThat(led.lit()).isTrue(); // 14 toggles from low end low, and low is lit here
        mock.mockState(DigitalState.HIGH);
        assertThat(led.lit()).isFalse();
    }

    @Test
    void refusesLinesThatDoNotExistOrAreTaken() {
        assertThatThrownBy(() -> gpio.output("board 'k' button", "k-b", 40, Level.LOW, Level.LOW))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("board 'k' button: GPIO line 40 is not available (mock lines: [2, 3,");
        gpio.output("board 'a' power relay", "a-p", 27, Level.LOW, null);
        assertThatThrownBy(() -> gpio.input("board 'b' LED input", "b-l", 27, 0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("board 'b' LED input: GPIO line 27 is already used by board 'a' power relay");
    }
}

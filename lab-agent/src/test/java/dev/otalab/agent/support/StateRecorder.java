package dev.otalab.agent.support;

import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.util.ArrayList;
import java.util.List;

/** Records the state changes of a pi4j digital line (the mock provider dispatches them synchronously). */
public final class StateRecorder implements DigitalStateChangeListener {

    public record Change(DigitalState state, long nanos) {
    }

    private final List<Change> changes = new ArrayList<>();

    public static StateRecorder on(Digital<?, ?, ?> line) {
        StateRecorder r = new StateRecorder();
        line.addListener(r);
        return r;
    }

    @Override
    public synchronized void onDigitalStateChange(DigitalStateChangeEvent event) {
        changes.add(new Change(event.state(), System.nanoTime()));
    }

    public synchronized List<DigitalState> states() {
        return changes.stream().map(Change::state).toList();
    }

    public synchronized List<Change> changes() {
        return new ArrayList<>(changes);
    }

    /** Milliseconds between change {@code i} and change {@code i + 1}. */
    public synchronized double msBetween(int i) {
        return (changes.get(i + 1).nanos() - changes.get(i).nanos()) / 1e6;
    }

    public synchronized void clear() {
        changes.clear();
    }
}

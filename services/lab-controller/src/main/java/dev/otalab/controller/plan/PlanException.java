package dev.otalab.controller.plan;

/** A plan file that cannot be used; the message names the plan, case, step and field. */
public class PlanException extends RuntimeException {

    public PlanException(String message) {
        super(message);
    }
}

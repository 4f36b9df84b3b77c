package dev.otalab.agent.rest;

import dev.otalab.rest.LabApiProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;

/** Framework errors carry lab-api's problem types, like the rest of our API. */
@ApplicationScoped
public class FrameworkProblemTypes extends LabApiProblemTypes {
}

package io.github.snapshotregistry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.snapshotregistry.tck.ModelRegistry.Flaw;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The kit proves it can fail: it passes a correct adapter and catches each broken one by its rule. */
class SnapshotRegistryContractSelfTest {

    private static final List<String> PROVIDER_CHECKS =
            List.of("provider_isFoundForItsSchemeAndOpensAWorkingRegistry", "provider_inspectOpensTheStoreReadOnly");

    @Test
    void aCorrectDurableSharedAdapterPassesEveryRule() {
        Outcome outcome = launch(ModelRegistryContracts.WithFlaw.class, Flaw.NONE);

        assertEquals(List.of(), outcome.failures, "a correct adapter must pass");
        assertEquals(List.of(), outcome.skipped, "a durable, shared adapter with a provider skips nothing");
        assertTrue(outcome.passed.containsAll(PROVIDER_CHECKS), "the provider checks ran");
        for (int rule = 1; rule <= 11; rule++) {
            int number = rule;
            assertTrue(outcome.passed.stream().anyMatch(test -> test.startsWith("rule" + number + "_")),
                    "rule " + rule + " has tests that ran");
        }
        assertTrue(outcome.passed.contains("model_randomWalksOfEveryOperationMatchTheReferenceModel"));
    }

    @Test
    void anAdapterThatIsNeitherDurableNorSharedSkipsRules8And9AndTheProviderCheck() {
        Outcome outcome = launch(ModelRegistryContracts.InMemoryOnly.class, Flaw.NONE);

        assertEquals(List.of(), outcome.failures, "a correct adapter must pass");
        assertFalse(outcome.skipped.isEmpty(), "rules 8 and 9 are skipped");
        assertTrue(outcome.skipped.stream().allMatch(test ->
                        test.startsWith("rule8_") || test.startsWith("rule9_") || PROVIDER_CHECKS.contains(test)),
                "only rules 8 and 9 and the provider checks are skipped, were: " + outcome.skipped);
    }

    @ParameterizedTest
    @EnumSource(value = Flaw.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void eachBrokenAdapterFailsTheTestsOfTheRuleItBreaks(Flaw flaw) {
        Outcome outcome = launch(ModelRegistryContracts.WithFlaw.class, flaw);

        List<Failure> caught = outcome.failures.stream().filter(failure -> failure.test.startsWith(flaw.tests)).toList();
        assertFalse(caught.isEmpty(), flaw + " must fail a test named " + flaw.tests + "...; failed: " + outcome.failures);
        for (Failure failure : caught) {
            assertTrue(failure.message.startsWith(flaw.message),
                    failure.test + "'s message must begin with the rule, was: " + failure.message);
        }
        for (Failure failure : outcome.failures) {
            assertTrue(failure.message.matches("(?s)(Rule \\d+|Stats|Model|Provider): .*"),
                    failure.test + "'s message must begin with what it checks, was: " + failure.message);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flaw.class, names = {"FORGETS_REPLACED_IDS", "PEEK_REFRESHES_RECENCY", "IGNORES_MAX_WEIGHT"})
    void theModelWalkAloneCatchesABrokenAdapterAndPrintsItsSeed(Flaw flaw) {
        Outcome outcome = launch(ModelRegistryContracts.WithFlaw.class, flaw);

        Failure walk = outcome.failures.stream()
                .filter(failure -> failure.test.equals("model_randomWalksOfEveryOperationMatchTheReferenceModel"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the model walk must catch " + flaw));
        assertTrue(walk.message.contains("-Dsnapshotregistry.tck.seed="),
                "the walk's failure must say how to replay it, was: " + walk.message);
    }

    @Test
    void theConcurrentLoadCatchesRegistriesThatDoNotShare() {
        assertCaughtBy("rule9_concurrentWritersOnBothKeepTheBoundsAndLoseNoId", Flaw.DOES_NOT_SHARE);
    }

    @Test
    void theForcedInterleavingCatchesAnAdapterWithNoSynchronization() {
        assertCaughtBy("rule7_aPutThatAnotherPutOfItsKeyInterruptsHalfwayIsStillAtomic", Flaw.NO_SYNCHRONIZATION);
    }

    private static void assertCaughtBy(String test, Flaw flaw) {
        Outcome outcome = launch(ModelRegistryContracts.WithFlaw.class, flaw);

        assertTrue(outcome.failures.stream().anyMatch(failure -> failure.test.equals(test)),
                test + " must catch " + flaw + " on every run; failed: " + outcome.failures);
    }

    private record Failure(String test, String message) {
        @Override
        public String toString() {
            return test + ": " + message;
        }
    }

    private static final class Outcome implements TestExecutionListener {
        final List<String> passed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!(test.getSource().orElse(null) instanceof MethodSource method)) {
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.add(method.getMethodName());
                case ABORTED -> skipped.add(method.getMethodName());
                case FAILED -> failures.add(new Failure(method.getMethodName(),
                        result.getThrowable().map(Throwable::getMessage).map(String::valueOf).orElse("")));
            }
        }
    }

    private static Outcome launch(Class<?> contract, Flaw flaw) {
        ModelRegistryContracts.WithFlaw.chosen = flaw;
        Outcome outcome = new Outcome();
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(), outcome);
        return outcome;
    }
}

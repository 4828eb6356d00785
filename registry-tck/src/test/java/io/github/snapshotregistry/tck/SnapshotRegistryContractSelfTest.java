package io.github.snapshotregistry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.snapshotregistry.tck.ModelRegistry.Flaw;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
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

    /**
     * {@code NO_SYNCHRONIZATION} is left to {@link #theForcedInterleavingCatchesAnAdapterWithNoSynchronization}:
     * through the whole kit, the unsynchronized model's maps can be corrupted by racing threads and
     * spin, and a concurrent test then waits five minutes for them.
     */
    @ParameterizedTest
    @EnumSource(value = Flaw.class, mode = EnumSource.Mode.EXCLUDE, names = {"NONE", "NO_SYNCHRONIZATION"})
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

    /** Runs that one test of the kit alone against the broken adapter, which it must fail by its rule. */
    private static void assertCaughtBy(String test, Flaw flaw) {
        Outcome outcome = launch(ModelRegistryContracts.WithFlaw.class, flaw, test::equals);

        assertTrue(outcome.failures.stream().anyMatch(failure -> failure.test.equals(test)),
                test + " must catch " + flaw + " on every run; failed: " + outcome.failures);
        for (Failure failure : outcome.failures) {
            assertTrue(failure.message.startsWith(flaw.message),
                    failure.test + "'s message must begin with the rule, was: " + failure.message);
        }
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
        return launch(contract, flaw, test -> true);
    }

    /** Runs the kit's tests whose method names pass {@code tests} against the model with {@code flaw}. */
    private static Outcome launch(Class<?> contract, Flaw flaw, Predicate<String> tests) {
        ModelRegistryContracts.WithFlaw.chosen = flaw;
        Outcome outcome = new Outcome();
        PostDiscoveryFilter chosen = descriptor -> FilterResult.includedIf(
                !(descriptor.getSource().orElse(null) instanceof MethodSource method)
                        || tests.test(method.getMethodName()));
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(contract)).filters(chosen).build(), outcome);
        return outcome;
    }
}

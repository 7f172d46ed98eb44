package dev.timeos.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The real WAR that {@code mvn package} built, plus the test performers. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive timeos() {
        File war = new File(System.getProperty("timeos.war", "target/timeos.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: container tests run after 'mvn package' (use mvn verify)");
        }
        return ShrinkWrap.create(ZipImporter.class, "timeos.war").importFrom(war).as(WebArchive.class)
                .addClasses(TestActions.class, TestActions.Flaky.class, TestActions.Permanent.class, TestActions.Slow.class)
                .addClasses(TestSupport.class, TestSupport.SignupService.class, TestSupport.Resource.class,
                        TestSupport.ExampleRules.class, TestSupport.Recorder.class, TestSupport.WelcomeEmail.class,
                        TestSupport.PremiumReceipt.class, TestSupport.OrderConfirmation.class, TestSupport.ReviewRequest.class)
                .addClasses(TestClock.class, TestSupport.FailingObserver.class, TestSupport.SwitchableRules.class)
                .addClasses(DispatchTestSupport.class, DispatchTestSupport.Limited.class, DispatchTestSupport.Narrow.class,
                        DispatchTestSupport.Until.class, DispatchTestSupport.DeadNode.class);
    }
}

package dev.timeos.it;

import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;

/** Clean-up for the tests that start, stop and kill the server themselves ("liberty-restart" container). */
final class ManualServer {

    static final String CONTAINER = "liberty-restart";

    private ManualServer() {
    }

    /**
     * Undeploys and stops, each whatever the other did: a server left running blocks every later suite,
     * and a failed clean-up must never hide the test's own failure.
     */
    static void undeployAndStop(Deployer deployer, ContainerController controller, String deployment) {
        try {
            deployer.undeploy(deployment);
        } catch (Exception e) {
            System.err.println("clean-up: undeploying " + deployment + ": " + e);
        }
        try {
            controller.stop(CONTAINER);
        } catch (Exception e) {
            System.err.println("clean-up: stopping " + CONTAINER + ": " + e);
        }
    }
}

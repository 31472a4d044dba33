package io.vmodem.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of DESIGN.md point down, for every package:
 *
 * <pre>
 * cli                       the command line: may use anything
 * control, api              the HTTP API and the Java library
 * transport                 the links
 * runtime                   assembles modems: engine, dialect, modem, network, layers
 * fault                     decides when faults happen (the catalogue, scenarios, triggers); it knows
 *                           nothing of modems: runtime maps each fault to what the layers below do
 * dialect                   syntax and wording
 * at                        the AT engine: no modems, no networks
 * modem                     the module's state below the AT interface
 * net                       contexts and sockets, on Netty; the host's event loops, which the links
 *                           run on too
 * trace                     watches; changes nothing
 * time                      the clock every layer asks
 * </pre>
 */
@AnalyzeClasses(packages = "io.vmodem", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("cli")
            .definedBy("io.vmodem.cli..")
            .layer("control")
            .definedBy("io.vmodem.control..")
            .layer("api")
            .definedBy("io.vmodem.api..")
            .layer("transport")
            .definedBy("io.vmodem.transport..")
            .layer("runtime")
            .definedBy("io.vmodem.runtime..")
            .layer("fault")
            .definedBy("io.vmodem.fault..")
            .layer("dialect")
            .definedBy("io.vmodem.dialect..")
            .layer("at")
            .definedBy("io.vmodem.at..")
            .layer("modem")
            .definedBy("io.vmodem.modem..")
            .layer("net")
            .definedBy("io.vmodem.net..")
            .layer("trace")
            .definedBy("io.vmodem.trace..")
            .layer("time")
            .definedBy("io.vmodem.time..")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("control")
            .mayOnlyBeAccessedByLayers("cli", "api")
            .whereLayer("api")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("transport")
            .mayOnlyBeAccessedByLayers("cli", "control", "api")
            .whereLayer("runtime")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "transport")
            .whereLayer("fault")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "runtime")
            .whereLayer("dialect")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "runtime", "fault")
            .whereLayer("at")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "transport", "runtime", "fault", "dialect")
            .whereLayer("modem")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "runtime", "fault", "dialect")
            .whereLayer("net")
            .mayOnlyBeAccessedByLayers(
                    "cli", "control", "api", "transport", "runtime", "fault", "dialect", "modem", "trace")
            .whereLayer("trace")
            .mayOnlyBeAccessedByLayers("cli", "control", "api", "runtime");

    @ArchTest
    static final ArchRule faultsDecideOnlyWhen = noClasses()
            .that()
            .resideInAPackage("io.vmodem.fault..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vmodem.dialect..", "io.vmodem.at..", "io.vmodem.modem..", "io.vmodem.net..", "io.netty..");

    @ArchTest
    static final ArchRule noPackagesInACircle =
            slices().matching("io.vmodem.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule engineKnowsNoNetty = noClasses()
            .that()
            .resideInAPackage("io.vmodem.at..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule dialectsStayOffNetty = noClasses()
            .that()
            .resideInAPackage("io.vmodem.dialect..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule traceStaysOffNetty = noClasses()
            .that()
            .resideInAPackage("io.vmodem.trace..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule onlyTheCommandLineKnowsPicocli = noClasses()
            .that()
            .resideOutsideOfPackage("io.vmodem.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("picocli..");

    @ArchTest
    static final ArchRule dialectsDoNotDependOnEachOther = slices().matching(
                    "io.vmodem.dialect.(bg96|sim7600|bc260y)..")
            .should()
            .notDependOnEachOther();
}

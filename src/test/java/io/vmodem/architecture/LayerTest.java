package io.vmodem.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The arrows of DESIGN.md point down: transport, runtime, at, dialect, modem, net, time. */
@AnalyzeClasses(packages = "io.vmodem", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerTest {

    @ArchTest
    static final ArchRule engineKnowsNothingOfModemsOrNetworks = noClasses()
            .that()
            .resideInAPackage("io.vmodem.at..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vmodem.modem..",
                    "io.vmodem.net..",
                    "io.vmodem.dialect..",
                    "io.vmodem.runtime..",
                    "io.vmodem.transport..",
                    "io.netty..");

    @ArchTest
    static final ArchRule networkKnowsNoAtSyntax = noClasses()
            .that()
            .resideInAPackage("io.vmodem.net..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vmodem.at..",
                    "io.vmodem.dialect..",
                    "io.vmodem.modem..",
                    "io.vmodem.runtime..",
                    "io.vmodem.transport..");

    @ArchTest
    static final ArchRule dialectsStayOffNetty = noClasses()
            .that()
            .resideInAPackage("io.vmodem.dialect..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.netty..", "io.vmodem.runtime..", "io.vmodem.transport..");

    @ArchTest
    static final ArchRule modemStateKnowsNoDialectOrEngine = noClasses()
            .that()
            .resideInAPackage("io.vmodem.modem..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vmodem.at..", "io.vmodem.dialect..", "io.vmodem.runtime..", "io.vmodem.transport..");

    @ArchTest
    static final ArchRule traceOnlyWatches = noClasses()
            .that()
            .resideInAPackage("io.vmodem.trace..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vmodem.at..",
                    "io.vmodem.dialect..",
                    "io.vmodem.modem..",
                    "io.vmodem.runtime..",
                    "io.vmodem.transport..",
                    "io.netty..");

    @ArchTest
    static final ArchRule runtimeKnowsNoTransport = noClasses()
            .that()
            .resideInAPackage("io.vmodem.runtime..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.vmodem.transport..", "io.vmodem.cli..");

    @ArchTest
    static final ArchRule onlyTheCommandLineKnowsTheCommandLine = noClasses()
            .that()
            .resideOutsideOfPackage("io.vmodem.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.vmodem.cli..", "picocli..");

    @ArchTest
    static final ArchRule dialectsDoNotDependOnEachOther = slices().matching(
                    "io.vmodem.dialect.(bg96|sim7600|bc260y)..")
            .should()
            .notDependOnEachOther();
}

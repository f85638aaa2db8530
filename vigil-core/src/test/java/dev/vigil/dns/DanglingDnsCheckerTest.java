package dev.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.AlertEntities;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class DanglingDnsCheckerTest {
    static final String ZONE = """
            $ORIGIN contoso.example.
            www       CNAME  shop-prod.azurewebsites.net.
            old       CNAME  shop-2019.azurewebsites.net.
            legacy    CNAME  contoso-legacy.azurewebsites.net.
            asuid.legacy TXT "0f3c9a"
            pages     CNAME  contoso.github.io.
            _github-pages-challenge-contoso.pages TXT "abc"
            static    CNAME  contosoassets.blob.core.windows.net.
            cdn       CNAME  contoso.azureedge.net.
            asuid.cdn TXT "wrong service"
            mail      CNAME  mail.provider.example.
            bare      CNAME  azurewebsites.net.
            api       A      192.0.2.10
            api2      A      192.0.2.11
            """;

    static final LiveInventory INVENTORY = LiveInventory.parse("""
            # live apps
            shop-prod.azurewebsites.net
            https://ContosoAssets.blob.core.windows.net/
            192.0.2.10
            """);

    static List<Detection> check(boolean addresses) {
        ZoneFile.Result z = ZoneFile.read(ZONE, "zone.db", null);
        assertThat(z.problems()).isEmpty();
        return new DanglingDnsChecker(AlertCatalogue.builtIn(), AppHostSuffixes.builtIn(), addresses)
                .check(z.records(), INVENTORY);
    }

    @Test
    void cnamesToDeletedAppsAreHighUnlessTheServicesVerificationRecordProtectsThem() {
        List<Detection> ds = check(false);
        assertThat(ds).extracting(d -> d.event().origin().line()).containsExactly(3L, 4L, 6L, 9L);
        assertThat(ds).allSatisfy(d -> {
            assertThat(d.type().name()).isEqualTo("DanglingDns");
            assertThat(d.ruleId()).isEqualTo(DanglingDnsChecker.CNAME_RULE);
        });
        assertThat(ds.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(ds.get(0).value()).isEqualTo("shop-2019.azurewebsites.net");
        assertThat(ds.get(0).decoded()).contains("old.contoso.example").contains("anyone who creates it");
        assertThat(ds.get(1).severity()).isEqualTo(Severity.LOW);
        assertThat(ds.get(1).decoded()).contains("asuid.legacy.contoso.example");
        assertThat(ds.get(2).severity()).isEqualTo(Severity.LOW); // GitHub's own challenge record
        // asuid is App Service's record; Front Door checks _dnsauth, so this one stays High
        assertThat(ds.get(3).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void addressesAreJudgedOnlyWhenAsked() {
        List<Detection> ds = check(true);
        assertThat(ds).filteredOn(d -> d.ruleId().equals(DanglingDnsChecker.ADDRESS_RULE))
                .singleElement().satisfies(d -> assertThat(d.value()).isEqualTo("192.0.2.11"));
    }

    @Test
    void eachRecordIsItsOwnAlertNamedByTheRecordAndStableAcrossRuns() {
        AlertAggregator a = new AlertAggregator();
        check(false).forEach(a::add);
        AlertAggregator b = new AlertAggregator();
        check(false).forEach(b::add);
        assertThat(a.alerts()).hasSize(4);
        assertThat(a.alerts()).extracting(Alert::id).containsExactlyElementsOf(b.alerts().stream().map(Alert::id).toList());
        assertThat(a.alerts()).extracting(x -> x.entities().get(AlertEntities.HOST))
                .contains("old.contoso.example", "legacy.contoso.example");
        assertThat(a.alerts().get(0).entities()).containsKey(AlertEntities.DNS);
    }

    @Test
    void suffixesMatchWholeLabelsAndTheLongestWins() {
        AppHostSuffixes s = AppHostSuffixes.builtIn();
        assertThat(s.serviceOf("x.azurewebsites.net")).isPresent();
        assertThat(s.serviceOf("x.AzureWebsites.NET.")).isPresent();
        assertThat(s.serviceOf("x.notazurewebsites.net")).isEmpty();
        assertThat(s.serviceOf("azurewebsites.net")).isEmpty();
        assertThat(s.serviceOf("a.b.s3.amazonaws.com")).get().extracting(AppHostSuffixes.Service::suffix)
                .isEqualTo("s3.amazonaws.com");
        assertThat(s.size()).isGreaterThan(20);
    }
}

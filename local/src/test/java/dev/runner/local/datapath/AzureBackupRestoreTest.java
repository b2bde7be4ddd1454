package dev.runner.local.datapath;

import dev.runner.local.store.AzuriteServer;
import dev.runner.local.store.TlsCert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The data path against Azure Blob Storage (Azurite, TLS, path-style URLs); fewer targets to keep it quick. */
class AzureBackupRestoreTest extends BackupRestoreSuite {
    private AzuriteServer azurite;

    @Override
    String repoType() { return "azure"; }

    @Override
    Map<String, String> startStore(Path dir, TlsCert cert) throws IOException {
        Path bin = AzuriteServer.defaultBin(tools.repoRoot());
        RequiredTools.require(Files.exists(bin), "Azurite (" + bin + ")");
        azurite = AzuriteServer.start(bin, dir, cert);
        azurite.createContainer("backups");
        return Map.of("azureAccount", AzuriteServer.ACCOUNT, "azureContainer", "backups",
                "azureEndpoint", azurite.endpoint(), "azureUriStyle", "path", "azureKeyType", "shared",
                "azureKey", AzuriteServer.KEY);
    }

    @Override
    List<String> restoreTargets() { return List.of("time", "name"); }

    @Override
    void closeStore() {
        if (azurite != null) azurite.close();
    }
}

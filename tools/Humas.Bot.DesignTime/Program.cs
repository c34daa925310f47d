Console.WriteLine("Humas.Bot.DesignTime is dotnet-ef's start-up project; use scripts/add-migration.sh, not this program.");

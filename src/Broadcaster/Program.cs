return await Broadcaster.Infrastructure.Cli.RunAsync(args);

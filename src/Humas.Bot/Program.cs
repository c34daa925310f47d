var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
return await Task.FromResult(0);
